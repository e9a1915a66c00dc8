package dev.kubicle.operator.task.model;

import java.util.List;
import java.util.Map;

/** The providers and models the admin configured, and the default model for tasks that name none. */
public record ModelCatalog(Map<String, ProviderSettings> providers, Map<String, ModelSettings> models,
    String defaultModel) {

  /** The model a task asked for, or the default when it named none. */
  public ModelSettings resolve(String requested) {
    String id = requested == null || requested.isBlank() ? defaultModel : requested;
    ModelSettings model = models.get(id);
    if (model == null) {
      throw new ModelConfigException("model \"" + id + "\" is not configured: choose one of "
          + String.join(", ", List.copyOf(models.keySet())));
    }
    return model;
  }
}
