package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

  @Test
  void agesReadLikeKubectlOnARealCluster() {
    assertThat(HumanDuration.of(Duration.ofSeconds(0))).isEqualTo("0s");
    assertThat(HumanDuration.of(Duration.ofSeconds(-1))).as("a second of clock skew").isEqualTo("0s");
    assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(HumanDuration.of(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(HumanDuration.of(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(HumanDuration.of(Duration.ofMinutes(200))).isEqualTo("3h20m");
    assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(HumanDuration.of(Duration.ofHours(75))).isEqualTo("3d3h");
    assertThat(HumanDuration.of(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(HumanDuration.of(Duration.ofDays(800))).isEqualTo("2y70d");
    assertThat(HumanDuration.of(Duration.ofDays(365 * 9))).isEqualTo("9y");
  }
}
