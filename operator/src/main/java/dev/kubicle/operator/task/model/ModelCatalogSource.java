package dev.kubicle.operator.task.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the model configuration from the ConfigMap {@value #CONFIG_MAP} (key {@value #KEY}) in the operator's
 * namespace, parsing it again only when its resourceVersion changed. Admins edit it; no restart needed.
 */
public class ModelCatalogSource {
  public static final String CONFIG_MAP = "kubicle-models";
  public static final String KEY = "models.yaml";

  private final KubernetesClient client;
  private final String namespace;
  private final AtomicReference<Parsed> last = new AtomicReference<>();

  private record Parsed(String resourceVersion, ModelCatalog catalog) {}

  public ModelCatalogSource(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** @throws ModelConfigException when the ConfigMap is missing or wrong, saying which field and how to fix it */
  public ModelCatalog catalog() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
    String where = "ConfigMap " + namespace + "/" + CONFIG_MAP;
    if (map == null) {
      throw new ModelConfigException("no model providers are configured: create the " + where + " with key "
          + KEY + " (see docs/tasks.md, or the Helm value models)");
    }
    String text = map.getData() == null ? null : map.getData().get(KEY);
    if (text == null) {
      throw new ModelConfigException(where + " has no key " + KEY);
    }
    String version = map.getMetadata().getResourceVersion();
    Parsed cached = last.get();
    if (cached != null && version != null && version.equals(cached.resourceVersion())) {
      return cached.catalog();
    }
    ModelCatalog catalog = ModelCatalogParser.parse(text, where + " key " + KEY);
    last.set(new Parsed(version, catalog));
    return catalog;
  }

  public String namespace() {
    return namespace;
  }
}
