package dev.kubicle.operator.agentapi;

import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which metadata an agent may report: only the keys its template version declares (the first
 * {@link AgentLimits#metadataKeys()} of them), each value cut at a length with a marker. A value is cut rather than
 * refused so the user still sees its start; the real agent never sends more than 4 KiB.
 */
final class MetadataGate {
  static final String CUT_MARKER = " …(cut)";

  private final Set<String> declared;
  private final int valueChars;

  MetadataGate(Set<String> declared, int valueChars) {
    this.declared = Set.copyOf(declared);
    this.valueChars = valueChars;
  }

  static MetadataGate of(TemplateAgent settings, AgentLimits limits) {
    Set<String> keys = new LinkedHashSet<>();
    if (settings != null && settings.getMetadata() != null) {
      for (AgentMetadata md : settings.getMetadata()) {
        if (keys.size() < limits.metadataKeys() && md.getKey() != null) {
          keys.add(md.getKey());
        }
      }
    }
    return new MetadataGate(keys, limits.metadataValueChars());
  }

  boolean declares(String key) {
    return declared.contains(key);
  }

  /** The value to keep, cut when too long; empty when the value is within the limit. */
  Optional<String> cut(String value) {
    return value.length() <= valueChars ? Optional.empty()
        : Optional.of(value.substring(0, valueChars) + CUT_MARKER);
  }
}
