package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One schema change: version N, a description, and a script per dialect at
 * {@code <folder>/V<N>__<description>.sql}. Statements end with a semicolon at the end of a line; lines starting
 * with {@code --} are comments.
 */
record Migration(int version, String description) {

  String resource(String folder) {
    return folder + "/V" + version + "__" + description + ".sql";
  }

  String script(String folder) {
    String path = resource(folder);
    try (InputStream in = Migration.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new StoreException("migration script " + path + " is missing from the operator's classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + path + ": " + e.getMessage(), e);
    }
  }

  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /** SHA-256 of the script, so an edited migration that already ran is caught instead of silently skipped. */
  static String checksum(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(script.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
