package dev.kubicle.operator.template;

import dev.kubicle.api.v1alpha1.Template;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Collects a template's Terraform files: those of its ConfigMap reference, overlaid by the inline ones. */
public class TemplateSources {
  private final KubernetesClient client;

  public TemplateSources(KubernetesClient client) {
    this.client = client;
  }

  /** The files, or a message saying which referenced ConfigMap is missing. */
  public Loaded load(Template template) {
    Map<String, String> files = new LinkedHashMap<>();
    var ref = template.getSpec().getConfigMapRef();
    if (ref != null && ref.getName() != null) {
      if (!dev.kubicle.operator.kube.Names.isObjectName(ref.getName())) {
        return new Loaded(files, Map.of(), Optional.of("\"" + dev.kubicle.api.serialization.ReadProblems.safe(
            ref.getName(), 80) + "\" is not a ConfigMap name (lower case letters, digits, '-' and '.')"));
      }
      ConfigMap configMap = client.configMaps().inNamespace(template.getMetadata().getNamespace())
          .withName(ref.getName()).get();
      if (configMap == null) {
        return new Loaded(files, Map.of(), Optional.of("ConfigMap \"" + ref.getName() + "\" not found in namespace "
            + template.getMetadata().getNamespace()));
      }
      if (configMap.getData() != null) {
        files.putAll(configMap.getData());
      }
    }
    Map<String, String> fromConfigMap = Map.copyOf(files);
    if (template.getSpec().getFiles() != null) {
      files.putAll(template.getSpec().getFiles());
    }
    return new Loaded(files, fromConfigMap, Optional.empty());
  }

  /** The merged files, those that came from the ConfigMap, and the reason loading failed, if it did. */
  public record Loaded(Map<String, String> files, Map<String, String> fromConfigMap, Optional<String> problem) {}
}
