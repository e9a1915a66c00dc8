package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A PostgreSQL address as people write it: {@code jdbc:postgresql://host:5432/db?sslmode=require} or
 * {@code postgres://user:password@host:5432/db}. Split into what the driver takes (a JDBC URL without credentials,
 * the user, the password) and what may be shown (no password, ever).
 *
 * @param display for logs and errors: {@code postgresql://host:5432/db}, never with credentials or parameters
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String display) {

  /**
   * @param user from KUBICLE_STORE_USER, or null: then the URL's user
   * @param password from KUBICLE_STORE_PASSWORD, or null: then the URL's password (the variable wins when both are set)
   */
  public static PostgresUrl parse(String url, String user, String password) {
    String text = url.strip();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql://")) {
      String rest = text.substring("jdbc:postgresql://".length());
      String address = rest.split("\\?", 2)[0];
      if (address.contains("@")) {
        throw new StoreException("KUBICLE_STORE_URL: a jdbc:postgresql URL takes no user@ part; use "
            + "postgres://user@host:5432/db, or KUBICLE_STORE_USER and KUBICLE_STORE_PASSWORD");
      }
      if (address.isEmpty() || address.startsWith("/")) {
        throw new StoreException("KUBICLE_STORE_URL: no host in the jdbc:postgresql URL (expected "
            + "jdbc:postgresql://host:5432/database)");
      }
      return new PostgresUrl(text, blankToNull(user), blankToNull(password), "postgresql://" + address);
    }
    if (!lower.startsWith("postgres://") && !lower.startsWith("postgresql://")) {
      int colon = text.indexOf(':');
      String scheme = colon > 0 ? text.substring(0, colon) : "(none)";
      throw new StoreException("KUBICLE_STORE_URL must be a PostgreSQL URL (postgres://user@host:5432/database or "
          + "jdbc:postgresql://host:5432/database); its scheme is '" + scheme + "'. Leave it empty for the embedded "
          + "SQLite store");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // The reason, not the input: the input may hold a password.
      throw new StoreException("KUBICLE_STORE_URL is not a valid URL (" + e.getReason() + " at character "
          + e.getIndex() + "); percent-encode special characters in the user and password");
    }
    if (uri.getHost() == null) {
      throw new StoreException("KUBICLE_STORE_URL has no host (expected postgres://user@host:5432/database)");
    }
    String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? null
        : decode(uri.getRawPath().substring(1));
    if (database == null) {
      throw new StoreException("KUBICLE_STORE_URL names no database (expected postgres://user@host:5432/database)");
    }
    String urlUser = null;
    String urlPassword = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      urlUser = decode(parts[0]);
      urlPassword = parts.length > 1 ? decode(parts[1]) : null;
    }
    String host = uri.getHost();
    String hostPort = host + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432);
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new PostgresUrl("jdbc:postgresql://" + hostPort + "/" + uri.getRawPath().substring(1) + query,
        blankToNull(user) != null ? user.strip() : blankToNull(urlUser),
        blankToNull(password) != null ? password : blankToNull(urlPassword),
        "postgresql://" + hostPort + "/" + database);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return display + (user == null ? "" : " (user " + user + ")");
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
