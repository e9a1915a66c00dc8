package dev.kubicle.operator.console.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/** Checks an OpenSSH public key line ("type base64 [comment]") and computes its SHA256 fingerprint, as ssh-keygen -l. */
public final class SshKeys {
  static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
      "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
  static final int MAX_LENGTH = 16 * 1024;

  /** A checked key: the normalised line and its fingerprint. */
  public record Key(String line, String type, String fingerprint, String comment) {
    /** The fingerprint in base64url, safe in a URL path ({@code DELETE …/sshkeys/:id}). */
    public String id() {
      return fingerprint.substring("SHA256:".length()).replace('+', '-').replace('/', '_');
    }
  }

  private SshKeys() {}

  /** @throws IllegalArgumentException naming what is wrong with the line */
  public static Key parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty: paste the content of a public key file such as ~/.ssh/id_ed25519.pub");
    }
    String line = text.strip();
    if (line.length() > MAX_LENGTH || line.contains("\n")) {
      throw new IllegalArgumentException("must be one line of at most " + MAX_LENGTH + " characters");
    }
    String[] parts = line.split("\\s+", 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException("is not an OpenSSH public key: expected \"<type> <base64> [comment]\"");
    }
    if (!TYPES.contains(parts[0])) {
      throw new IllegalArgumentException("has unsupported key type \"" + parts[0] + "\"; use one of "
          + String.join(", ", TYPES.stream().sorted().toList()) + " (is this a private key? paste the .pub file)");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has a key body that is not base64");
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    if (blob.length < 4 || buffer.getInt() != parts[0].length() || blob.length < 4 + parts[0].length()
        || !parts[0].equals(new String(blob, 4, parts[0].length(), StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("is damaged: its body does not encode a " + parts[0] + " key");
    }
    String comment = parts.length > 2 ? parts[2] : "";
    return new Key(parts[0] + " " + parts[1] + (comment.isEmpty() ? "" : " " + comment), parts[0],
        fingerprint(blob), comment);
  }

  static String fingerprint(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
