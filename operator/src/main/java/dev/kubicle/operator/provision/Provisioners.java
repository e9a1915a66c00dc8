package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.Workspace;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The provisioners this operator offers, by template type; a type not offered here is a clear error, not a hang. */
public class Provisioners {
  private final Map<ProvisionerType, Provisioner> byType = new EnumMap<>(ProvisionerType.class);
  private final Map<ProvisionerType, String> whyMissing = new EnumMap<>(ProvisionerType.class);

  public Provisioners register(ProvisionerType type, Provisioner provisioner) {
    byType.put(type, provisioner);
    return this;
  }

  /** Declares a type unavailable here, with the sentence a user needs to fix it. */
  public Provisioners unavailable(ProvisionerType type, String reason) {
    whyMissing.put(type, reason);
    return this;
  }

  public Optional<Provisioner> find(ProvisionerType type) {
    return Optional.ofNullable(byType.get(type));
  }

  public String whyUnavailable(ProvisionerType type) {
    return whyMissing.getOrDefault(type, "The " + type.wireName() + " provisioner is not enabled in this operator.");
  }

  /** Lets every provisioner drop what it keeps for a workspace that is gone. */
  public void cleanupAll(Workspace workspace, boolean keepState) {
    byType.values().forEach(p -> p.cleanup(workspace, keepState));
  }
}
