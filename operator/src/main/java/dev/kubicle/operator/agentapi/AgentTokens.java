package dev.kubicle.operator.agentapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Agent tokens: 256 random bits, and the SHA-256 the operator keeps instead of the token itself. */
public final class AgentTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AgentTokens() {}

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  /** Constant-time comparison, so response timing reveals nothing about how much of a guess was right. */
  public static boolean matches(String expectedHash, String presentedToken) {
    if (expectedHash == null || presentedToken == null) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(expectedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(presentedToken));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
