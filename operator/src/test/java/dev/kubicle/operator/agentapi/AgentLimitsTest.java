package dev.kubicle.operator.agentapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agent connection limits from the environment, and the metadata keys a template declares. */
class AgentLimitsTest {
  @Test
  void defaultsFitWhatARealAgentSends() {
    AgentLimits limits = AgentLimits.defaults();
    assertThat(limits.maxFrameBytes()).isEqualTo(1 << 20);
    assertThat(limits.maxMessageBytes()).isEqualTo(8 << 20);
    assertThat(limits.logLineChars()).isEqualTo(8192); // the agent cuts its lines here too
    assertThat(limits.logLinesPerFrame()).isEqualTo(1000); // and sends at most this many a frame
    assertThat(limits.metadataValueChars()).isEqualTo(4096); // and its metadata values at 4 KiB
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> AgentLimits.fromEnvironment(Map.of("KUBICLE_AGENT_LOG_LINES_PER_SECOND", "lots")))
        .hasMessageContaining("KUBICLE_AGENT_LOG_LINES_PER_SECOND").hasMessageContaining("\"lots\"");
    assertThatThrownBy(() -> AgentLimits.fromEnvironment(Map.of("KUBICLE_AGENT_MAX_FRAME_BYTES", "10")))
        .hasMessageContaining("KUBICLE_AGENT_MAX_FRAME_BYTES is 10; it must be at least 1024");
    assertThatThrownBy(() -> AgentLimits.fromEnvironment(Map.of("KUBICLE_AGENT_MAX_FRAME_BYTES", "9000000")))
        .hasMessageContaining("KUBICLE_AGENT_MAX_MESSAGE_BYTES");
  }

  @Test
  void onlyTheFirstDeclaredMetadataKeysUpToTheCapAreAccepted() {
    TemplateAgent settings = new TemplateAgent();
    settings.setMetadata(List.of(md("a"), md("b"), md("c")));
    MetadataGate gate = MetadataGate.of(settings,
        AgentLimits.fromEnvironment(Map.of("KUBICLE_AGENT_METADATA_MAX_KEYS", "2")));
    assertThat(gate.declares("a")).isTrue();
    assertThat(gate.declares("b")).isTrue();
    assertThat(gate.declares("c")).isFalse();
    assertThat(gate.declares("anything")).isFalse();
    assertThat(MetadataGate.of(null, AgentLimits.defaults()).declares("a")).isFalse();
    assertThat(gate.cut("x".repeat(5000))).hasValueSatisfying(v ->
        assertThat(v).hasSize(4096 + MetadataGate.CUT_MARKER.length()));
    assertThat(gate.cut("short")).isEmpty();
  }

  private static AgentMetadata md(String key) {
    AgentMetadata md = new AgentMetadata();
    md.setKey(key);
    return md;
  }
}
