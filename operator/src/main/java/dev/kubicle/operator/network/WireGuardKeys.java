package dev.kubicle.operator.network;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** WireGuard (Curve25519) keys as {@code wg genkey} and {@code wg pubkey} write them: base64 of 32 raw bytes. */
public final class WireGuardKeys {

  /** Raw key length in bytes; WireGuard's private, public and preshared keys all have it. */
  public static final int KEY_BYTES = 32;

  // One generator for the process: SecureRandom is thread-safe, and seeding it per key would be wasted work.
  private static final SecureRandom RANDOM = new SecureRandom();

  private WireGuardKeys() {
  }

  /** A private key and its public key, both base64; {@link #toString()} never shows the private key. */
  public record KeyPair(String privateKey, String publicKey) {

    /** Checks both keys are well formed and belong together, so a mismatched pair never reaches a config. */
    public KeyPair {
      requireValidKey(privateKey, "private key");
      requireValidKey(publicKey, "public key");
      if (!publicKeyOf(privateKey).equals(publicKey)) {
        throw new IllegalArgumentException("The public key does not belong to the private key");
      }
    }

    @Override
    public String toString() {
      // Records print every component; a private key must not end up in a log line through string concatenation.
      return "KeyPair[publicKey=" + publicKey + ", privateKey=<redacted>]";
    }
  }

  /** A new random key pair, the private key clamped exactly as {@code wg genkey} clamps it. */
  public static KeyPair generate() {
    X25519KeyPairGenerator generator = new X25519KeyPairGenerator();
    generator.init(new X25519KeyGenerationParameters(RANDOM));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    byte[] privateKey = ((X25519PrivateKeyParameters) pair.getPrivate()).getEncoded();
    // X25519 clamps the scalar internally, so the public key is the same either way; clamping the stored bytes makes
    // our private keys byte-for-byte the shape `wg genkey` produces, so no tool can tell them apart.
    clamp(privateKey);
    String encodedPrivate = encode(privateKey);
    return new KeyPair(encodedPrivate, encode(new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey()
        .getEncoded()));
  }

  /** The public key of a base64 private key, as {@code wg pubkey} computes it; rejects malformed keys. */
  public static String publicKeyOf(String privateKey) {
    byte[] raw = decode(privateKey, "private key");
    // Unclamped input (say, 32 random bytes) is accepted like `wg pubkey` accepts it: X25519 clamps internally.
    X25519PublicKeyParameters publicKey = new X25519PrivateKeyParameters(raw, 0).generatePublicKey();
    return encode(publicKey.getEncoded());
  }

  /** Whether the text is a WireGuard key: canonical base64 of exactly 32 bytes. */
  public static boolean isValidKey(String key) {
    return problemWith(key).isEmpty();
  }

  /** Why the text is not a WireGuard key, or empty when it is one; the message never repeats the key itself. */
  public static Optional<String> problemWith(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.of("the key is empty");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      return Optional.of("the key is not valid base64 (" + key.length() + " characters; a WireGuard key is 44 "
          + "characters of standard base64 ending in '=')");
    }
    if (raw.length != KEY_BYTES) {
      return Optional.of("the key decodes to " + raw.length + " bytes; a WireGuard key is exactly " + KEY_BYTES
          + " bytes (44 base64 characters)");
    }
    // `wg` rejects non-canonical encodings (stray bits in the last character); so must we, or a key we accept would
    // fail only later, on the gateway.
    if (!encode(raw).equals(key)) {
      return Optional.of("the key is not canonical base64 (missing '=' padding, or stray low bits in the last "
          + "character)");
    }
    return Optional.empty();
  }

  /** Throws {@link IllegalArgumentException} naming what the key is for and why it is not valid. */
  public static void requireValidKey(String key, String what) {
    problemWith(key).ifPresent(problem -> {
      throw new IllegalArgumentException("Invalid WireGuard " + what + ": " + problem);
    });
  }

  private static byte[] decode(String key, String what) {
    requireValidKey(key, what);
    return Base64.getDecoder().decode(key);
  }

  private static String encode(byte[] raw) {
    return Base64.getEncoder().encodeToString(raw);
  }

  private static void clamp(byte[] scalar) {
    // RFC 7748 section 5, the same three operations as wg's curve25519_clamp_secret.
    scalar[0] &= (byte) 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
  }
}
