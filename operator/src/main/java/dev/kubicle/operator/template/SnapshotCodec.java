package dev.kubicle.operator.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a template version into an immutable ConfigMap and reads it back. The files are its keys (so the
 * ConfigMap mounts directly as the runner's root module); the metadata sits under a dot-key that `cp *` skips.
 */
public final class SnapshotCodec {
  /** Key of the version's metadata; the runner skips it when it copies the files. */
  public static final String METADATA_KEY = dev.kubicle.api.validation.TemplateFiles.SNAPSHOT_METADATA;

  private SnapshotCodec() {}

  public static ConfigMap encode(Template template, TemplateContent content, String version) {
    ObjectNode meta = Json.mapper().createObjectNode();
    meta.put("template", template.getMetadata().getName());
    meta.put("version", version);
    meta.set("parameters", Json.mapper().valueToTree(content.parameters()));
    meta.set("runner", Json.mapper().valueToTree(content.runner()));
    meta.set("provisioner", Json.mapper().valueToTree(
        content.provisioner() == null ? ProvisionerType.TERRAFORM : content.provisioner()));
    if (content.agent() != null) {
      meta.set("agent", Json.mapper().valueToTree(content.agent()));
    }
    Map<String, String> data = new LinkedHashMap<>(content.files());
    data.put(METADATA_KEY, meta.toString());
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(Names.templateSnapshot(template.getMetadata().getName(), version))
          .withNamespace(template.getMetadata().getNamespace())
          .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
          .addToLabels(Labels.SNAPSHOT, "true")
          .addToLabels(Labels.TEMPLATE, Labels.truncateValue(template.getMetadata().getName()))
          .addToLabels(Labels.TEMPLATE_VERSION, version)
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(template.getApiVersion())
              .withKind(template.getKind())
              .withName(template.getMetadata().getName())
              .withUid(template.getMetadata().getUid())
              .build())
        .endMetadata()
        .withImmutable(true)
        .withData(data)
        .build();
  }

  /** Reads a snapshot back; a snapshot edited by hand into nonsense is reported, not guessed at. */
  public static TemplateSnapshot decode(ConfigMap configMap) {
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    String metaText = data.get(METADATA_KEY);
    if (metaText == null) {
      throw new IllegalStateException("ConfigMap " + configMap.getMetadata().getName()
          + " is not a Kubicle template snapshot: key " + METADATA_KEY + " is missing");
    }
    try {
      JsonNode meta = Json.mapper().readTree(metaText);
      List<TemplateParameter> parameters = meta.hasNonNull("parameters")
          ? new ArrayList<>(Arrays.asList(field(meta, "parameters", TemplateParameter[].class)))
          : List.of();
      RunnerSpec runner = meta.hasNonNull("runner") ? field(meta, "runner", RunnerSpec.class)
          : null;
      ProvisionerType provisioner = meta.hasNonNull("provisioner")
          ? field(meta, "provisioner", ProvisionerType.class) : ProvisionerType.TERRAFORM;
      TemplateAgent agent = meta.hasNonNull("agent") ? field(meta, "agent", TemplateAgent.class)
          : null;
      Map<String, String> files = new LinkedHashMap<>(data);
      files.remove(METADATA_KEY);
      return new TemplateSnapshot(meta.path("template").asText(), meta.path("version").asText(),
          configMap.getMetadata().getName(), files, parameters, runner, provisioner, agent);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Where and what, never the stored value (ReadProblems caps and cleans it).
      throw new IllegalStateException("Template snapshot " + configMap.getMetadata().getName()
          + " has unreadable metadata: "
          + dev.kubicle.api.serialization.ReadProblems.describe(e, metaTree(metaText), null)
              .message(), e);
    }
  }

  /** One member of the snapshot's metadata, or a JsonMappingException whose path starts with its name. */
  private static <T> T field(JsonNode meta, String name, Class<T> type) throws JsonProcessingException {
    try {
      return Json.mapper().treeToValue(meta.get(name), type);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      e.prependPath(meta, name);
      throw e;
    }
  }

  private static JsonNode metaTree(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
