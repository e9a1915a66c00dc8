package dev.kubicle.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KUBICLE_TASK_MAX_DURATION: read once, defaulted, and refused with its name when it makes no sense. */
class TaskMaxDurationSettingTest {
  @Test
  void unsetMeansFourHours() {
    assertThat(OperatorConfig.fromEnvironment(Map.of()).taskMaxDuration()).isEqualTo(Duration.ofHours(4));
    assertThat(OperatorConfig.forTests().taskMaxDuration()).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void aGoDurationIsRead() {
    assertThat(OperatorConfig.fromEnvironment(Map.of("KUBICLE_TASK_MAX_DURATION", "1h30m")).taskMaxDuration())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void aValueThatIsNoDurationIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KUBICLE_TASK_MAX_DURATION", "4 hours")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KUBICLE_TASK_MAX_DURATION");
  }

  @Test
  void zeroIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KUBICLE_TASK_MAX_DURATION", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KUBICLE_TASK_MAX_DURATION").hasMessageContaining("longer than zero");
  }
}
