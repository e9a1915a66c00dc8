package dev.kubicle.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  @Test
  void countersAndGaugesRenderInPrometheusTextFormat() {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.counter("kubicle_x_total", "Things", "reason", "rate").addAndGet(3);
    metrics.counter("kubicle_x_total", "Things", "reason", "size").incrementAndGet();
    metrics.gauge("kubicle_y", "A level", () -> 7);

    assertThat(metrics.render()).isEqualTo("""
        # HELP kubicle_x_total Things
        # TYPE kubicle_x_total counter
        kubicle_x_total{reason="rate"} 3
        kubicle_x_total{reason="size"} 1
        # HELP kubicle_y A level
        # TYPE kubicle_y gauge
        kubicle_y 7
        """);
    assertThat(metrics.value("kubicle_x_total", "reason", "rate")).isEqualTo(3);
    assertThat(metrics.value("kubicle_x_total", "reason", "other")).isZero();
  }

  @Test
  void labelValuesAreEscaped() {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.counter("kubicle_z_total", "Z", "kind", "a\"b\\c").incrementAndGet();
    assertThat(metrics.render()).contains("kubicle_z_total{kind=\"a\\\"b\\\\c\"} 1");
  }

  @Test
  void aFailingGaugeDoesNotBreakTheScrape() {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.gauge("kubicle_broken", "Broken", () -> {
      throw new IllegalStateException("store down");
    });
    assertThat(metrics.render()).contains("kubicle_broken -1");
  }
}
