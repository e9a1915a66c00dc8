package dev.kubicle.operator.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.agentapi.AgentCounters.LineDrop;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The log limits of one workspace start, as a table of inputs and what is kept, dropped and said. */
class LogGateTest {
  private final AtomicLong nanos = new AtomicLong();

  private LogGate gate(Map<String, String> env) {
    return new LogGate(AgentLimits.fromEnvironment(env), nanos::get);
  }

  @Test
  void longLinesAreCutWithAMarker() {
    LogGate.Admitted admitted = gate(Map.of("KUBICLE_AGENT_LOG_LINE_CHARS", "100"))
        .admit(List.of("a".repeat(1000), "short"));
    assertThat(admitted.lines()).hasSize(2);
    assertThat(admitted.lines().get(0)).startsWith("a".repeat(100)).doesNotContain("a".repeat(101))
        .contains("line cut at 100 characters");
    assertThat(admitted.lines().get(1)).isEqualTo("short");
    assertThat(admitted.truncated()).isEqualTo(1);
  }

  @Test
  void linesOverThePerFrameLimitAreDroppedAndTheLogSaysSoOnce() {
    LogGate gate = gate(Map.of("KUBICLE_AGENT_LOG_LINES_PER_FRAME", "10"));
    LogGate.Admitted first = gate.admit(Collections.nCopies(25, "x"));
    assertThat(first.dropped()).containsEntry(LineDrop.FRAME, 15);
    assertThat(first.lines()).hasSize(11).last().asString()
        .isEqualTo("kubicle: 15 log lines dropped: 15 over 10 lines per frame (KUBICLE_AGENT_LOG_LINES_PER_FRAME)");

    LogGate.Admitted second = gate.admit(Collections.nCopies(25, "x"));
    assertThat(second.dropped()).containsEntry(LineDrop.FRAME, 15);
    assertThat(second.lines()).as("no second notice within 10 s").hasSize(10);

    nanos.addAndGet(LogGate.NOTICE_EVERY_NANOS);
    assertThat(gate.admit(List.of("y")).lines()).containsExactly("y",
        "kubicle: 15 log lines dropped: 15 over 10 lines per frame (KUBICLE_AGENT_LOG_LINES_PER_FRAME)");
  }

  @Test
  void theRatePerSecondAllowsABurstThenRefills() {
    LogGate gate = gate(Map.of("KUBICLE_AGENT_LOG_LINES_PER_SECOND", "10", "KUBICLE_AGENT_LOG_BURST_LINES", "20"));
    LogGate.Admitted burst = gate.admit(Collections.nCopies(30, "x"));
    assertThat(burst.dropped()).containsEntry(LineDrop.RATE, 10);
    assertThat(burst.lines()).filteredOn(l -> l.equals("x")).hasSize(20);

    assertThat(gate.admit(List.of("x")).dropped()).containsEntry(LineDrop.RATE, 1);
    nanos.addAndGet(1_000_000_000L);
    assertThat(gate.admit(Collections.nCopies(10, "x")).dropped()).isEmpty();
  }

  @Test
  void theTotalPerStartStopsTheLogWithOneLastLine() {
    LogGate gate = gate(Map.of("KUBICLE_AGENT_LOG_BYTES_PER_START", "1024"));
    LogGate.Admitted admitted = gate.admit(Collections.nCopies(20, "z".repeat(99)));
    assertThat(admitted.lines()).filteredOn(l -> l.startsWith("z")).hasSize(10);
    assertThat(admitted.lines()).last().asString().contains("limit of 1024 bytes")
        .contains("KUBICLE_AGENT_LOG_BYTES_PER_START");
    assertThat(admitted.dropped()).containsEntry(LineDrop.START_LIMIT, 10);

    LogGate.Admitted later = gate.admit(List.of("more"));
    assertThat(later.lines()).isEmpty();
    assertThat(later.dropped()).containsEntry(LineDrop.START_LIMIT, 1);
  }

  @Test
  void bytesAreCountedAsUtf8() {
    assertThat(LogGate.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
  }
}
