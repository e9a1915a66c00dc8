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
}
