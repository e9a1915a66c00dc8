package dev.kubicle.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Child names are deterministic and always valid, however long the workspace name. */
class NamesTest {
  @Test
  void shortNamesStayReadable() {
    assertThat(Names.buildJob("alice-dev", "uid-1", 3)).isEqualTo("alice-dev-b3");
    assertThat(Names.buildSecret("alice-dev", "uid-1", 3)).isEqualTo("alice-dev-b3-vars");
  }

  @Test
  void longNamesAreCutTo63CharactersAndStayDistinctByUid() {
    String longName = "a".repeat(60) + "-workspace-with-a-very-long-name";
    String one = Names.buildJob(longName, "uid-1", 12);
    String two = Names.buildJob(longName, "uid-2", 12);
    assertThat(one).hasSizeLessThanOrEqualTo(63).endsWith("-b12").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(one).isNotEqualTo(two);
    assertThat(Names.buildJob(longName, "uid-1", 12)).isEqualTo(one);
  }

  @Test
  void theCollisionProofUserSuffixIsDnsSafeBoundedAndTellsCaseAndPunctuationApart() {
    String suffix = Names.userDigestSuffix("Alice.Smith@example.com");
    assertThat(suffix).startsWith("alice-smith-example-com-").hasSize("alice-smith-example-com-".length() + 26)
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(Names.userDigestSuffix("x".repeat(300))).hasSizeLessThanOrEqualTo(57);
    assertThat(Names.userDigestSuffix("!!!")).hasSize(26).matches("[a-z2-7]+");
    assertThat(Names.userDigestSuffix("alice")).isNotEqualTo(Names.userDigestSuffix("Alice"))
        .isNotEqualTo(Names.userDigestSuffix("alice."));
    // Stable across releases: a changed suffix would orphan every stored record.
    assertThat(Names.userDigestSuffix("alice")).isEqualTo(Names.userDigestSuffix("alice")).hasSize(32);
  }
}
