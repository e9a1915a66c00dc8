package dev.kubicle.webhook.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.validation.TemplateFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the operator's template snapshot ConfigMaps (the metadata key {@value TemplateFiles#SNAPSHOT_METADATA}). */
public final class Snapshots {
  public static final String SNAPSHOT_LABEL = "kubicle.dev/template-snapshot";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Snapshots() {}

  /** The snapshot's name, as the operator derives it (Names.templateSnapshot). */
  public static String name(String template, String version) {
    String suffix = "-v-" + version;
    String base = template.length() + suffix.length() <= 253 ? template : template.substring(0, 253 - suffix.length());
    return base + suffix;
  }

  /** The decoded version, or empty for a ConfigMap that is not a readable snapshot (the operator reports those). */
  public static Optional<TemplateVersion> decode(ConfigMap configMap) {
    String meta = configMap.getData() == null ? null : configMap.getData().get(TemplateFiles.SNAPSHOT_METADATA);
    if (meta == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(meta);
      List<TemplateParameter> parameters = node.hasNonNull("parameters")
          ? Arrays.asList(JSON.treeToValue(node.get("parameters"), TemplateParameter[].class)) : List.of();
      return Optional.of(new TemplateVersion(node.path("template").asText(), node.path("version").asText(),
          parameters));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
