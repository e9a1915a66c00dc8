package dev.kubicle.operator.metrics;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The operator's own figures (dropped agent frames and log lines, store failures, ...), served in Prometheus' text
 * format at {@code /metrics} on the control-plane port. Counters are created on first use; label values are chosen
 * by our code from fixed sets, never taken from a request, so the number of series stays bounded.
 */
public final class OperatorMetrics {
  private record Family(String help, boolean counter) {}

  private final Map<String, Family> families = new ConcurrentHashMap<>();
  private final Map<String, Map<String, AtomicLong>> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

  /**
   * A counter, e.g. {@code counter("kubicle_agent_log_lines_dropped_total", "...", "reason", "rate")}.
   *
   * @param labels name, value, name, value ... (values from a fixed set in our code)
   */
  public AtomicLong counter(String name, String help, String... labels) {
    families.putIfAbsent(name, new Family(help, true));
    return counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
        .computeIfAbsent(labelText(labels), l -> new AtomicLong());
  }

  /** A gauge read when scraped. */
  public void gauge(String name, String help, LongSupplier value) {
    families.putIfAbsent(name, new Family(help, false));
    gauges.put(name, value);
  }

  /** The value of a counter (0 when never incremented), for tests and logs. */
  public long value(String name, String... labels) {
    AtomicLong counter = counters.getOrDefault(name, Map.of()).get(labelText(labels));
    return counter == null ? 0 : counter.get();
  }

  /** Prometheus text exposition format 0.0.4. */
  public String render() {
    StringBuilder out = new StringBuilder();
    SortedMap<String, Family> sorted = new TreeMap<>(families);
    sorted.forEach((name, family) -> {
      out.append("# HELP ").append(name).append(' ').append(family.help()).append('\n')
          .append("# TYPE ").append(name).append(family.counter() ? " counter\n" : " gauge\n");
      if (family.counter()) {
        new TreeMap<>(counters.getOrDefault(name, Map.of())).forEach((labels, value) ->
            out.append(name).append(labels).append(' ').append(value.get()).append('\n'));
      } else {
        LongSupplier gauge = gauges.get(name);
        out.append(name).append(' ').append(gauge == null ? 0 : safely(gauge)).append('\n');
      }
    });
    return out.toString();
  }

  private static long safely(LongSupplier gauge) {
    try {
      return gauge.getAsLong();
    } catch (RuntimeException e) {
      return -1; // a gauge that cannot be read must not break the whole scrape
    }
  }

  private static String labelText(String... labels) {
    if (labels.length == 0) {
      return "";
    }
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < labels.length; i += 2) {
      text.append(i == 0 ? "" : ",").append(labels[i]).append("=\"")
          .append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }
    return text.append('}').toString();
  }
}
