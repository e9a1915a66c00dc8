package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIDC authorization code flow end to end against a real OIDC server in-process (mock-oauth2-server: discovery,
 * JWKS, signed ID tokens), driven like a browser: cookies kept by hand, redirects followed one by one.
 */
class OidcLoginTest {
  static final String ISSUER_ID = "idp";
  static final String CLIENT = "kubicle";

  @TempDir
  static Path dir;
  static MockOAuth2Server idp;
  static ConsoleHarness console;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start();
    String issuer = idp.issuerUrl(ISSUER_ID).toString();
    console = ConsoleHarness.start(dir, c -> c.withOidc(issuer, CLIENT, "client-secret", "kubicle-admins"), null);
  }

  @AfterAll
  static void stop() {
    console.close();
    idp.shutdown();
  }

  /** What a browser ends with after one login attempt. */
  record Outcome(int status, String location, String sessionCookie, String body) {}

  @Test
  void aLoginWithPkceEndsInASessionNamedByTheUsernameClaimWithTheAdminGroupsRole() throws Exception {
    idp.enqueueCallback(callback("subject-ann", List.of(CLIENT), Map.of("preferred_username", "ann",
        "groups", List.of("kubicle-admins"))));

    HttpResponse<String> start = get(console.base() + "/auth/login?redirect=/workspaces/ann-1", null);
    assertThat(start.statusCode()).isEqualTo(302);
    String authorize = start.headers().firstValue("Location").orElseThrow();
    assertThat(authorize).startsWith(idp.issuerUrl(ISSUER_ID).toString()).contains("code_challenge_method=S256")
        .contains("code_challenge=").contains("nonce=").contains("state=").contains("client_id=" + CLIENT)
        .doesNotContain("code_verifier");
    Outcome outcome = finish(start);

    assertThat(outcome.status()).as(outcome.body()).isEqualTo(303);
    assertThat(outcome.location()).isEqualTo("/workspaces/ann-1");
    assertThat(outcome.sessionCookie()).isNotNull();
    Caller ann = new Caller(console.base(), null, outcome.sessionCookie(), null);
    var me = ann.get("/api/v1/me").json();
    assertThat(me.getString("name")).isEqualTo("ann");
    assertThat(me.getString("role")).isEqualTo("admin");
    assertThat(console.store().users().byName("ann").orElseThrow().key())
        .isEqualTo(idp.issuerUrl(ISSUER_ID) + "|subject-ann");
    assertThat(console.store().audit().query(new dev.kubicle.operator.store.AuditQuery("ann", "auth.login", null,
        null, null, 0, 10))).singleElement().satisfies(e -> assertThat(e.result()).isEqualTo("ok"));

    Caller.Response logout = new Caller(console.base(), null, outcome.sessionCookie(), me.getString("csrfToken"))
        .send("POST", "/auth/logout", "", Map.of("Accept", "application/json"));
    assertThat(logout.status()).isEqualTo(204);
    assertThat(ann.get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void aMemberWithoutTheAdminGroupIsAMember() throws Exception {
    idp.enqueueCallback(callback("subject-bo", List.of(CLIENT), Map.of("preferred_username", "bo",
        "groups", List.of("developers"))));
    Outcome outcome = finish(get(console.base() + "/auth/login", null));
    assertThat(outcome.location()).isEqualTo("/");
    assertThat(new Caller(console.base(), null, outcome.sessionCookie(), null).get("/api/v1/me").json()
        .getString("role")).isEqualTo("member");
  }

  @Test
  void anIdTokenForAnotherAudienceIsRefused() throws Exception {
    // The mock takes the ID token's audience from the client id unless a claim overrides it.
    idp.enqueueCallback(callback("subject-cy", List.of("another-app"), Map.of("preferred_username", "cy",
        "aud", List.of("another-app"))));
    Outcome outcome = finish(get(console.base() + "/auth/login", null));
    assertThat(outcome.status()).isEqualTo(401);
    assertThat(outcome.sessionCookie()).isNull();
    assertThat(outcome.body()).contains("JWT aud claim rejected");
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() throws Exception {
    idp.enqueueCallback(callback("subject-di", List.of(CLIENT), Map.of("preferred_username", "di",
        "nonce", "a-nonce-from-another-login")));
    Outcome outcome = finish(get(console.base() + "/auth/login", null));
    assertThat(outcome.status()).isEqualTo(401);
    assertThat(outcome.sessionCookie()).isNull();
    assertThat(outcome.body()).contains("JWT nonce claim value rejected");
  }

  @Test
  void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
    idp.enqueueCallback(callback("subject-ed", List.of(CLIENT), Map.of("preferred_username", "ed",
        "iss", "https://impostor.example")));
    Outcome outcome = finish(get(console.base() + "/auth/login", null));
    assertThat(outcome.status()).isEqualTo(401);
    assertThat(outcome.sessionCookie()).isNull();
    assertThat(outcome.body()).contains("JWT iss claim value rejected");
  }

  @Test
  void aNameHeldByAnotherIdentityIsRefusedWithAClearPage() throws Exception {
    idp.enqueueCallback(callback("subject-fay", List.of(CLIENT), Map.of("preferred_username", "fay")));
    assertThat(finish(get(console.base() + "/auth/login", null)).status()).isEqualTo(303);
    idp.enqueueCallback(callback("subject-impostor", List.of(CLIENT), Map.of("preferred_username", "fay")));
    Outcome second = finish(get(console.base() + "/auth/login", null));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.sessionCookie()).isNull();
    assertThat(second.body()).contains("already belongs to another identity").contains("&quot;fay&quot;");
  }

  @Test
  void aCallbackWhoseStateIsNotThisBrowsersOrWasUsedIsRefused() throws Exception {
    idp.enqueueCallback(callback("subject-gus", List.of(CLIENT), Map.of("preferred_username", "gus")));
    HttpResponse<String> start = get(console.base() + "/auth/login", null);
    HttpResponse<String> atIdp = get(start.headers().firstValue("Location").orElseThrow(), null);
    String callbackUrl = atIdp.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> noCookie = get(callbackUrl, null);
    assertThat(noCookie.statusCode()).isEqualTo(400);
    HttpResponse<String> ok = get(callbackUrl, loginCookie(start));
    assertThat(ok.statusCode()).isEqualTo(303);
    HttpResponse<String> replay = get(callbackUrl, loginCookie(start));
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("already used");
  }

  @Test
  void redirectsAfterLoginGoOnlyToTheConsolesOwnPages() throws Exception {
    for (String target : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "/api/v1/tokens")) {
      idp.enqueueCallback(callback("subject-hal", List.of(CLIENT), Map.of("preferred_username", "hal")));
      Outcome outcome = finish(get(console.base() + "/auth/login?redirect="
          + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8), null));
      assertThat(outcome.location()).as(target).isEqualTo("/");
    }
  }

  private static DefaultOAuth2TokenCallback callback(String subject, List<String> audience, Map<String, Object> claims) {
    return new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", audience, claims, 3600);
  }

  /** Follows the login from Kubicle's redirect to the issuer and back to the callback, like a browser. */
  private static Outcome finish(HttpResponse<String> start) throws Exception {
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    HttpResponse<String> atIdp = get(start.headers().firstValue("Location").orElseThrow(), null);
    assertThat(atIdp.statusCode()).as(atIdp.body()).isEqualTo(302);
    String back = atIdp.headers().firstValue("Location").orElseThrow();
    assertThat(back).startsWith(console.base() + LoginRoutes.CALLBACK);
    HttpResponse<String> done = get(back, loginCookie(start));
    String session = done.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("kubicle_session=") && !c.startsWith("kubicle_session=;"))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
    if (session != null) {
      String header = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("kubicle_session="))
          .findFirst().orElseThrow();
      assertThat(header).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    }
    return new Outcome(done.statusCode(), done.headers().firstValue("Location").orElse(null), session, done.body());
  }

  private static String loginCookie(HttpResponse<String> start) {
    Matcher m = Pattern.compile("(kubicle_login=[^;]+)").matcher(String.join("\n",
        start.headers().allValues("Set-Cookie")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> get(String url, String cookie) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Accept", "text/html");
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
