package dev.kubicle.operator.task.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The owner's id as providers see it: stable and attributable on our side (the records keep the user name next to
 * it), but opaque to the provider, which asks for no names or e-mail addresses in this field.
 */
public final class UserIds {
  private UserIds() {}

  public static String opaque(String owner) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(("kubicle-user:" + owner).getBytes(StandardCharsets.UTF_8));
      return "kubicle-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
