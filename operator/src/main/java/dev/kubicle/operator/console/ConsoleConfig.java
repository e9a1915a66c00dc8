package dev.kubicle.operator.console;

import dev.kubicle.api.validation.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Console and REST API settings, read once from the environment (the Helm chart sets them; docs/console.md lists
 * them). Every problem names the variable, so a bad deployment says what to fix.
 *
 * @param externalUrl the URL people open (https://kubicle.example.com); OIDC redirects and cookies derive from it
 * @param oidcIssuer the OIDC issuer, compared exactly with the discovery document and every ID token; null: no OIDC
 * @param oidcClientId the client id registered at the issuer; ID tokens must name it as audience
 * @param oidcClientSecret the client secret (from a file or the environment); null for a public client (PKCE only)
 * @param oidcScopes scopes asked for at login
 * @param usernameClaim the ID token claim that becomes the owner name (preferred_username by default)
 * @param groupsClaim the claim holding the user's groups
 * @param adminGroup members of this group are admins; null: nobody is an admin through OIDC
 * @param sessionLifetime how long a console login lasts
 * @param tokenMaxLifetime the longest an API token may live (and the default when none is asked for)
 * @param userRequestsPerMinute the rate limit per signed-in user
 * @param addressRequestsPerMinute the rate limit per client address for requests without a user
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param trustedProxyHops how many proxies in front of the console append to X-Forwarded-For; 0: ignore the header and
 *     use the peer address; N: the client address is the N-th entry from the right
 */
public record ConsoleConfig(
    URI externalUrl,
    String oidcIssuer,
    String oidcClientId,
    String oidcClientSecret,
    String oidcScopes,
    String usernameClaim,
    String groupsClaim,
    String adminGroup,
    Duration sessionLifetime,
    Duration tokenMaxLifetime,
    int userRequestsPerMinute,
    int addressRequestsPerMinute,
    long maxBodyBytes,
    int trustedProxyHops) {

  public static final String DEFAULT_SCOPES = "openid profile email";
  /** More proxies than this in front of one console is a typo, not a deployment. */
  public static final int MAX_TRUSTED_PROXY_HOPS = 10;

  public ConsoleConfig {
    if (externalUrl == null || externalUrl.getScheme() == null || externalUrl.getHost() == null) {
      throw new IllegalArgumentException("KUBICLE_EXTERNAL_URL: must be an absolute http(s) URL such as "
          + "https://kubicle.example.com, got " + externalUrl);
    }
    if (!"https".equals(externalUrl.getScheme()) && !isLoopbackHttp(externalUrl)) {
      throw new IllegalArgumentException("KUBICLE_EXTERNAL_URL: " + externalUrl + " must use https (plain http is "
          + "allowed only for http://127.0.0.1 or http://localhost while developing)");
    }
    if (oidcIssuer != null && (oidcClientId == null || oidcClientId.isBlank())) {
      throw new IllegalArgumentException("KUBICLE_OIDC_CLIENT_ID: must be set when KUBICLE_OIDC_ISSUER is");
    }
    if (userRequestsPerMinute < 1 || addressRequestsPerMinute < 1) {
      throw new IllegalArgumentException("KUBICLE_RATE_LIMIT_USER_PER_MINUTE and KUBICLE_RATE_LIMIT_ADDRESS_PER_MINUTE"
          + " must be at least 1");
    }
    if (trustedProxyHops < 0 || trustedProxyHops > MAX_TRUSTED_PROXY_HOPS) {
      throw new IllegalArgumentException("KUBICLE_TRUSTED_PROXY_HOPS: must be between 0 and " + MAX_TRUSTED_PROXY_HOPS
          + " (the number of proxies in front of the console), got " + trustedProxyHops);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("KUBICLE_MAX_REQUEST_BYTES: must be at least 1024, got " + maxBodyBytes);
    }
  }

  /** Whether cookies may go without Secure: only for a plain-http loopback URL while developing. */
  public boolean secureCookies() {
    return "https".equals(externalUrl.getScheme());
  }

  public boolean oidcEnabled() {
    return oidcIssuer != null;
  }

  /** The OIDC redirect URI registered at the issuer. */
  public String callbackUrl() {
    return base() + "/auth/callback";
  }

  /** The console's origin (scheme://host[:port]): what browsers send as Origin from its own pages. */
  public String origin() {
    return externalUrl.getScheme() + "://" + externalUrl.getHost()
        + (externalUrl.getPort() == -1 ? "" : ":" + externalUrl.getPort());
  }

  /** The external URL without a trailing slash. */
  public String base() {
    String url = externalUrl.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Settings for tests and the dev cluster: a loopback URL, no OIDC, generous limits. */
  public static ConsoleConfig forLoopback(int port) {
    return new ConsoleConfig(URI.create("http://127.0.0.1:" + port), null, null, null, DEFAULT_SCOPES,
        "preferred_username", "groups", null, Duration.ofHours(12), Duration.ofDays(90), 600, 120, 1024 * 1024,
        0);
  }

  public ConsoleConfig withOidc(String issuer, String clientId, String clientSecret, String adminGroup) {
    return new ConsoleConfig(externalUrl, issuer, clientId, clientSecret, oidcScopes, usernameClaim, groupsClaim,
        adminGroup, sessionLifetime, tokenMaxLifetime, userRequestsPerMinute, addressRequestsPerMinute,
        maxBodyBytes, trustedProxyHops);
  }

  public ConsoleConfig withRateLimits(int perUser, int perAddress) {
    return new ConsoleConfig(externalUrl, oidcIssuer, oidcClientId, oidcClientSecret, oidcScopes, usernameClaim,
        groupsClaim, adminGroup, sessionLifetime, tokenMaxLifetime, perUser, perAddress, maxBodyBytes,
        trustedProxyHops);
  }

  public ConsoleConfig withMaxBodyBytes(long bytes) {
    return new ConsoleConfig(externalUrl, oidcIssuer, oidcClientId, oidcClientSecret, oidcScopes, usernameClaim,
        groupsClaim, adminGroup, sessionLifetime, tokenMaxLifetime, userRequestsPerMinute, addressRequestsPerMinute,
        bytes, trustedProxyHops);
  }

  public ConsoleConfig withTrustedProxyHops(int hops) {
    return new ConsoleConfig(externalUrl, oidcIssuer, oidcClientId, oidcClientSecret, oidcScopes, usernameClaim,
        groupsClaim, adminGroup, sessionLifetime, tokenMaxLifetime, userRequestsPerMinute, addressRequestsPerMinute,
        maxBodyBytes, hops);
  }

  /**
   * Reads the settings; {@code defaultExternalUrl} applies when KUBICLE_EXTERNAL_URL is unset (the dev cluster's
   * loopback URL).
   */
  public static ConsoleConfig fromEnvironment(Map<String, String> env, String defaultExternalUrl) {
    String external = blankToNull(env.get("KUBICLE_EXTERNAL_URL"));
    URI url;
    try {
      url = URI.create(external != null ? external : defaultExternalUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("KUBICLE_EXTERNAL_URL: not a URL: " + e.getMessage(), e);
    }
    return new ConsoleConfig(
        url,
        blankToNull(env.get("KUBICLE_OIDC_ISSUER")),
        blankToNull(env.get("KUBICLE_OIDC_CLIENT_ID")),
        clientSecret(env),
        env.getOrDefault("KUBICLE_OIDC_SCOPES", DEFAULT_SCOPES),
        env.getOrDefault("KUBICLE_OIDC_USERNAME_CLAIM", "preferred_username"),
        env.getOrDefault("KUBICLE_OIDC_GROUPS_CLAIM", "groups"),
        blankToNull(env.get("KUBICLE_OIDC_ADMIN_GROUP")),
        duration(env, "KUBICLE_SESSION_LIFETIME", "12h"),
        duration(env, "KUBICLE_API_TOKEN_MAX_LIFETIME", "2160h"),
        integer(env, "KUBICLE_RATE_LIMIT_USER_PER_MINUTE", 600),
        integer(env, "KUBICLE_RATE_LIMIT_ADDRESS_PER_MINUTE", 120),
        integer(env, "KUBICLE_MAX_REQUEST_BYTES", 1024 * 1024),
        trustedProxyHops(env));
  }

  /**
   * KUBICLE_TRUSTED_PROXY_HOPS, or 1 for a deployment that still sets the former KUBICLE_TRUST_X_FORWARDED_FOR=true
   * (one proxy: its right-most entry, which that proxy wrote, rather than the left-most, which the client did).
   */
  private static int trustedProxyHops(Map<String, String> env) {
    String legacy = blankToNull(env.get("KUBICLE_TRUST_X_FORWARDED_FOR"));
    if (blankToNull(env.get("KUBICLE_TRUSTED_PROXY_HOPS")) == null && legacy != null) {
      if (!legacy.equals("true") && !legacy.equals("false")) {
        throw new IllegalArgumentException("KUBICLE_TRUST_X_FORWARDED_FOR: must be true or false, got \"" + legacy
            + "\" (it is replaced by KUBICLE_TRUSTED_PROXY_HOPS, the number of proxies in front of the console)");
      }
      return legacy.equals("true") ? 1 : 0;
    }
    return integer(env, "KUBICLE_TRUSTED_PROXY_HOPS", 0);
  }

  /** The secret from KUBICLE_OIDC_CLIENT_SECRET_FILE (a mounted Secret) or, failing that, the variable itself. */
  private static String clientSecret(Map<String, String> env) {
    String file = blankToNull(env.get("KUBICLE_OIDC_CLIENT_SECRET_FILE"));
    if (file != null) {
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("KUBICLE_OIDC_CLIENT_SECRET_FILE: cannot read " + file + ": " + e, e);
      }
    }
    return blankToNull(env.get("KUBICLE_OIDC_CLIENT_SECRET"));
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    Duration value = Durations.parse(name, env.getOrDefault(name, fallback));
    if (value.isZero()) {
      throw new IllegalArgumentException(name + ": must be longer than 0");
    }
    return value;
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be a whole number, got \"" + text + "\"", e);
    }
  }

  private static boolean isLoopbackHttp(URI url) {
    return "http".equals(url.getScheme())
        && ("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()) || "[::1]".equals(url.getHost()));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
