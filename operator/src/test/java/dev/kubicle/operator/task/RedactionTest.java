package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Secrets in agent- and model-supplied text are redacted in linear time, as they were with backtracking. */
class RedactionTest {
  // Only a guard against a hang: the assertions are about results.
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  @Test
  void secretAfterANameIsRedactedButAnAuthorizationSchemeIsLeftToTheBearerRule() {
    assertThat(Redaction.text("API_TOKEN=tok-123456 next")).isEqualTo("API_TOKEN=<redacted> next");
    assertThat(Redaction.text("password: 'a b c';")).isEqualTo("password: <redacted>;");
    assertThat(Redaction.text("auth: Bearer abcdef123456")).isEqualTo("auth: Bearer <redacted>");
    assertThat(Redaction.text("authorization=basic  dXNlcjpwYXNz")).isEqualTo("authorization=basic  <redacted>");
    assertThat(Redaction.text("token=Bearerish")).as("only the keyword and a space count").isEqualTo("token=<redacted>");
  }

  @Test
  void alreadyRedactedTextIsNotRedactedTwice() {
    String once = Redaction.text("SECRET=abc");
    assertThat(Redaction.text(once)).isEqualTo("SECRET=<redacted>");
  }

  @Test
  void urlPasswordIsRedactedAndTheHostKept() {
    assertThat(Redaction.text("git clone https://bob:hunter2@git.example.com/r.git https://x.example/a@b"))
        .isEqualTo("git clone https://bob:<redacted>@git.example.com/r.git https://x.example/a@b");
    assertThat(Redaction.text("ftp://u:p@h and ssh://v:q@k")).isEqualTo("ftp://u:<redacted>@h and ssh://v:<redacted>@k");
    assertThat(Redaction.text("https://host:8080/path")).as("a port is not a password").isEqualTo("https://host:8080/path");
  }

  @Test
  void hostileTextsThatWouldBacktrackFinishWithTheirSecretsRedacted() {
    String longName = "a".repeat(Redaction.MAX_TEXT_CHARS - 40) + "token";
    String names = assertTimeoutPreemptively(HANG_GUARD, () -> Redaction.text(longName + "= hunter2"));
    assertThat(names).endsWith("token= <redacted>").doesNotContain("hunter2");

    String manyFlags = "--token-".repeat(2000) + " x";
    assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> Redaction.text(manyFlags))).endsWith(" <redacted>");

    String schemes = "a://" + "b".repeat(10_000) + ":" + "c".repeat(5_000);
    assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> Redaction.text(schemes))).isEqualTo(schemes);

    String spaces = "token" + " ".repeat(12_000) + "x";
    assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> Redaction.text(spaces))).isEqualTo(spaces);
  }

  @Test
  void overlongTextIsCutWithoutKeepingHalfASecret() {
    String key = "ghp_" + "k".repeat(36);
    String text = "x".repeat(Redaction.MAX_TEXT_CHARS - 10) + " " + key + " more";
    String out = Redaction.text(text);
    assertThat(out).doesNotContain("ghp_").endsWith(" [cut: " + text.length() + " characters]");
    assertThat(out.length()).isLessThan(Redaction.MAX_TEXT_CHARS + 40);
  }
}
