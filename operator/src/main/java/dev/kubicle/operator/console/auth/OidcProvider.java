package dev.kubicle.operator.console.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.kubicle.operator.console.ConsoleConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OIDC authorization code flow with PKCE against one issuer: discovery (once, on first use, so the operator
 * starts while the issuer is down), the authorization URL, the code exchange, and the ID token checks. Blocking:
 * call it off the event loop.
 */
public class OidcProvider {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ConsoleConfig config;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private volatile Discovery discovery;

  /** The endpoints the discovery document names, and the verifier bound to its JWKS. */
  private record Discovery(String authorizationEndpoint, String tokenEndpoint, IdTokenVerifier verifier) {}

  public OidcProvider(ConsoleConfig config) {
    this.config = config;
  }

  /** Where to send the browser: the issuer's login page with state, nonce and the S256 challenge. */
  public String authorizationUrl(PendingLogins.Pending login) throws OidcException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", config.oidcClientId());
    query.put("redirect_uri", config.callbackUrl());
    query.put("scope", config.oidcScopes());
    query.put("state", login.state());
    query.put("nonce", login.nonce());
    query.put("code_challenge", login.codeChallenge());
    query.put("code_challenge_method", "S256");
    String endpoint = discovery().authorizationEndpoint();
    return endpoint + (endpoint.contains("?") ? "&" : "?") + form(query);
  }

  /** Exchanges the code (with the PKCE verifier) and verifies the ID token it brings. */
  public OidcIdentity complete(String code, PendingLogins.Pending login) throws OidcException {
    Discovery endpoints = discovery();
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", config.callbackUrl());
    body.put("code_verifier", login.codeVerifier());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoints.tokenEndpoint())).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
    if (config.oidcClientSecret() != null) {
      String basic = encode(config.oidcClientId()) + ":" + encode(config.oidcClientSecret());
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    } else {
      body.put("client_id", config.oidcClientId());
    }
    JsonObject tokens = send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build(),
        "the token endpoint");
    String idToken = tokens.getString("id_token");
    if (idToken == null) {
      throw new OidcException("the token endpoint answered without an id_token (is the openid scope allowed for "
          + "client " + config.oidcClientId() + "?)");
    }
    JWTClaimsSet claims = endpoints.verifier().verify(idToken, login.nonce());
    return identity(claims);
  }

  private OidcIdentity identity(JWTClaimsSet claims) throws OidcException {
    Object username = claims.getClaim(config.usernameClaim());
    if (!(username instanceof String name) || name.isBlank()) {
      throw new OidcException("the ID token has no " + config.usernameClaim() + " claim to use as your user name "
          + "(KUBICLE_OIDC_USERNAME_CLAIM)");
    }
    Object email = claims.getClaim("email");
    Object groups = claims.getClaim(config.groupsClaim());
    List<String> groupList = groups instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : groups instanceof String single ? List.of(single) : List.of();
    return new OidcIdentity(claims.getIssuer(), claims.getSubject(), name,
        email instanceof String e ? e : null, groupList);
  }

  private Discovery discovery() throws OidcException {
    Discovery known = discovery;
    if (known != null) {
      return known;
    }
    String issuer = config.oidcIssuer();
    String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
        + "/.well-known/openid-configuration";
    JsonObject document = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Accept", "application/json").GET().build(), "the issuer's discovery document " + url);
    if (!issuer.equals(document.getString("issuer"))) {
      throw new OidcException("the discovery document at " + url + " names issuer " + document.getString("issuer")
          + ", not " + issuer + " (KUBICLE_OIDC_ISSUER must match exactly)");
    }
    String authorization = required(document, "authorization_endpoint");
    String token = required(document, "token_endpoint");
    String jwks = required(document, "jwks_uri");
    try {
      known = new Discovery(authorization, token, new IdTokenVerifier(issuer, config.oidcClientId(),
          URI.create(jwks).toURL()));
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new OidcException("the discovery document's jwks_uri is not a URL: " + jwks, e);
    }
    discovery = known;
    return known;
  }

  private static String required(JsonObject document, String field) throws OidcException {
    String value = document.getString(field);
    if (value == null || value.isBlank()) {
      throw new OidcException("the issuer's discovery document has no " + field);
    }
    return value;
  }

  private JsonObject send(HttpRequest request, String what) throws OidcException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OidcException("cannot reach " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OidcException("interrupted while calling " + what, e);
    }
    JsonObject json;
    try {
      json = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw new OidcException(what + " answered HTTP " + response.statusCode() + " without JSON", e);
    }
    if (response.statusCode() != 200) {
      // OAuth errors are {"error": "...", "error_description": "..."}: neither contains a secret.
      throw new OidcException(what + " answered HTTP " + response.statusCode() + ": " + json.getString("error")
          + (json.getString("error_description") == null ? "" : " (" + json.getString("error_description") + ")"));
    }
    return json;
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
