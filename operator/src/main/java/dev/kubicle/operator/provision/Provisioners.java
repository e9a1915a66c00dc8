package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.Workspace;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The provisioners this operator offers, by template type; a type not offered here is a clear error, not a hang. */
public class Provisioners {
  private final Map<ProvisionerType, Provisioner> byType = new EnumMap<>(ProvisionerType.class);
  private final Map<ProvisionerType, String> whyMissing = new EnumMap<>(ProvisionerType.class);

  /**
   * The operator's provisioners: Terraform unless {@code terraformUnavailable} says why it cannot run here (the
   * embedded dev cluster), echo only when enabled for tests, local only with the dev cluster; each missing one
   * with the sentence that tells the user what to use instead.
   */
  public static Provisioners of(Provisioner terraform, String terraformUnavailable, boolean echoEnabled,
      Clock clock, Provisioner local) {
    Provisioners provisioners = new Provisioners();
    if (terraformUnavailable == null) {
      provisioners.register(ProvisionerType.TERRAFORM, terraform);
    } else {
      provisioners.unavailable(ProvisionerType.TERRAFORM, terraformUnavailable);
    }
    if (echoEnabled) {
      provisioners.register(ProvisionerType.ECHO, new EchoProvisioner(clock));
    } else {
      provisioners.unavailable(ProvisionerType.ECHO, "The echo provisioner is for tests only and is disabled here "
          + "(KUBICLE_ENABLE_ECHO_PROVISIONER=false); use provisioner: terraform");
    }
    if (local != null) {
      provisioners.register(ProvisionerType.LOCAL, local);
    } else {
      provisioners.unavailable(ProvisionerType.LOCAL, "The local provisioner runs workspaces as processes on the "
          + "operator's machine; it is available only with the embedded dev cluster (make run)");
    }
    return provisioners;
  }

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
