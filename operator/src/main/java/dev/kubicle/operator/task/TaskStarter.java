package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.operator.task.model.ModelCatalogSource;
import dev.kubicle.operator.task.model.ModelSettings;
import dev.kubicle.operator.task.model.ProviderKeys;

/** Resolves what a loop needs from the admin's configuration: the model and its provider's key. */
class TaskStarter {
  private final ModelCatalogSource catalog;
  private final ProviderKeys keys;

  TaskStarter(ModelCatalogSource catalog, ProviderKeys keys) {
    this.catalog = catalog;
    this.keys = keys;
  }

  /** @throws dev.kubicle.operator.task.model.ModelConfigException naming what is missing or wrong */
  ModelSettings model(AgentTask task) {
    return catalog.catalog().resolve(task.getSpec().getModel());
  }

  String key(ModelSettings model) {
    return keys.key(model.provider());
  }
}
