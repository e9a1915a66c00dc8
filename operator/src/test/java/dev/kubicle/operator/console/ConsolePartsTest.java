package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.console.api.SshKeys;
import dev.kubicle.operator.support.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts: redirect allow-list, SSH key checks, token buckets on a manual clock, settings errors. */
class ConsolePartsTest {

  @Test
  void onlyTheConsolesOwnRelativePagesAreRedirectTargets() {
    assertThat(SafeRedirects.target("/workspaces/a-1?tab=logs")).isEqualTo("/workspaces/a-1?tab=logs");
    assertThat(SafeRedirects.target("/templates")).isEqualTo("/templates");
    for (String bad : new String[] {null, "", "https://evil.example", "//evil.example", "/\\evil.example",
        "/workspaces/../api/v1/tokens", "/api/v1/tokens", "/workspacesx", "javascript:alert(1)", "/login\r\nX: y"}) {
      assertThat(SafeRedirects.target(bad)).as(String.valueOf(bad)).isEqualTo("/");
    }
  }

  @Test
  void sshKeysAreCheckedAndFingerprintedLikeSshKeygen() {
    // ssh-keygen -lf prints this fingerprint for the key.
    SshKeys.Key key = SshKeys.parse(AccountApiTest.KEY);
    assertThat(key.type()).isEqualTo("ssh-ed25519");
    assertThat(key.comment()).isEqualTo("gina@laptop");
    assertThat(key.fingerprint()).isEqualTo("SHA256:MZFRUmSolPK+DZSD6bs3DsFCQopkYaYp4ojAP5eap/Y");
    assertThat(key.id()).doesNotContain("/", "+");
    assertThatThrownBy(() -> SshKeys.parse("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAAhzejBirtmuD6lQRASbClFlwJ+jf1maP5RMn7X7k0v"))
        .hasMessageContaining("does not encode a ssh-rsa key");
    assertThatThrownBy(() -> SshKeys.parse("ssh-dss AAAA")).hasMessageContaining("unsupported key type");
    assertThatThrownBy(() -> SshKeys.parse("ssh-ed25519 !!!")).hasMessageContaining("not base64");
  }

  @Test
  void aBucketAllowsItsBurstThenNamesTheWaitAndRefillsWithTime() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    RateLimiter limiter = new RateLimiter(clock, 60);
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire("u")).isZero();
    }
    assertThat(limiter.acquire("u")).isEqualTo(1);
    assertThat(limiter.acquire("other")).isZero();
    clock.advance(Duration.ofSeconds(2));
    assertThat(limiter.acquire("u")).isZero();
    assertThat(limiter.acquire("u")).isZero();
    assertThat(limiter.acquire("u")).isEqualTo(1);
  }

  @Test
  void settingsNameTheVariableThatIsWrong() {
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of(), "http://kubicle.example.com"))
        .hasMessageContaining("KUBICLE_EXTERNAL_URL").hasMessageContaining("https");
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("KUBICLE_OIDC_ISSUER", "https://idp"),
        "https://k.example")).hasMessageContaining("KUBICLE_OIDC_CLIENT_ID");
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("KUBICLE_SESSION_LIFETIME", "forever"),
        "https://k.example")).hasMessageContaining("KUBICLE_SESSION_LIFETIME");
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("KUBICLE_OIDC_CLIENT_SECRET_FILE", "/nope/x"),
        "https://k.example")).hasMessageContaining("KUBICLE_OIDC_CLIENT_SECRET_FILE");
    ConsoleConfig dev = ConsoleConfig.fromEnvironment(Map.of(), "http://127.0.0.1:8080");
    assertThat(dev.secureCookies()).isFalse();
    assertThat(ConsoleConfig.fromEnvironment(Map.of(), "https://k.example").secureCookies()).isTrue();
    assertThat(dev.externalUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
  }
}
