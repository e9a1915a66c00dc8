package dev.kubicle.operator.console;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Someone calling the console over real HTTP: with a bearer token, a session cookie (and CSRF token), or nothing. */
public final class Caller {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private final String base;
  private final String authorization;
  private final String cookie;
  private final String csrf;

  Caller(String base, String authorization, String cookie, String csrf) {
    this.base = base;
    this.authorization = authorization;
    this.cookie = cookie;
    this.csrf = csrf;
  }

  /** The same caller without its CSRF token (a forged cross-site request). */
  public Caller withoutCsrf() {
    return new Caller(base, authorization, cookie, null);
  }

  public Caller withCsrf(String token) {
    return new Caller(base, authorization, cookie, token);
  }

  /** The Authorization header value ("Bearer kbt_…"), or null. */
  public String bearer() {
    return authorization;
  }

  public String csrf() {
    return csrf;
  }

  /** The Cookie header value of a session caller ("kubicle_session=…"), or null. */
  public String cookie() {
    return cookie;
  }

  /** A response: status, headers, body. */
  public record Response(int status, HttpHeaders headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String errorCode() {
      return json().getJsonObject("error").getString("code");
    }

    public String errorMessage() {
      return json().getJsonObject("error").getString("message");
    }
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, JsonObject body) {
    return send("POST", path, body == null ? "" : body.encode(), Map.of("Content-Type", "application/json"));
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  public Response send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null && !method.equals("GET")) {
      request.header("X-CSRF-Token", csrf);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
