package dev.kubicle.operator;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.operator.controller.BuildLogStore;
import dev.kubicle.operator.controller.BuildRunner;
import dev.kubicle.operator.controller.TemplateReconciler;
import dev.kubicle.operator.controller.WorkspaceReconciler;
import dev.kubicle.operator.controller.WorkspaceSources;
import dev.kubicle.operator.controller.WorkspaceStatusWriter;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.provision.EchoProvisioner;
import dev.kubicle.operator.provision.Provisioners;
import dev.kubicle.operator.provision.TerraformJobProvisioner;
import dev.kubicle.operator.terraform.BundleRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;

/**
 * Wiring in one place: builds the controllers and their collaborators from a client and settings. Main uses it
 * against a real or the embedded cluster; tests build the same graph against the mock API.
 */
public class KubicleOperator implements AutoCloseable {
  private final Operator operator;
  private final WorkspaceStatusWriter statusWriter = new WorkspaceStatusWriter();
  private final Provisioners provisioners;
  private final WorkspaceReconciler workspaces;

  /**
   * @param terraformUnavailable when not null, Terraform Jobs cannot run here (the embedded dev cluster has no
   *     nodes) and builds fail at once with this explanation
   */
  public KubicleOperator(KubernetesClient client, OperatorConfig config, Clock clock, String terraformUnavailable) {
    EventRecorder events = new EventRecorder(client, clock);
    provisioners = new Provisioners();
    TerraformJobProvisioner terraform = new TerraformJobProvisioner(client, config, new BundleRenderer());
    if (terraformUnavailable == null) {
      provisioners.register(ProvisionerType.TERRAFORM, terraform);
    } else {
      provisioners.unavailable(ProvisionerType.TERRAFORM, terraformUnavailable);
    }
    if (config.echoEnabled()) {
      provisioners.register(ProvisionerType.ECHO, new EchoProvisioner(clock));
    } else {
      provisioners.unavailable(ProvisionerType.ECHO, "The echo provisioner is for tests only and is disabled here "
          + "(KUBICLE_ENABLE_ECHO_PROVISIONER=false); use provisioner: terraform");
    }
    provisioners.unavailable(ProvisionerType.LOCAL, "The local provisioner runs workspaces as processes on the "
        + "operator's machine; it is available only with the embedded dev cluster (make run)");
    BuildRunner builds = new BuildRunner(provisioners, events, new BuildLogStore(client), clock);
    workspaces = new WorkspaceReconciler(provisioners, builds, statusWriter,
        new WorkspaceSources(terraform::bind), events, clock);
    operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(config.reconcileThreads())
        // Server-side apply is right against a real API server; the mock API cannot do it.
        .withUseSSAToPatchPrimaryResource(config.useServerSideApply())
        .withSSABasedCreateUpdateMatchForDependentResources(config.useServerSideApply())
        .checkingCRDAndValidateLocalModel(false));
    operator.register(new TemplateReconciler(client, events, clock), c -> namespaces(c, config));
    operator.register(workspaces, c -> namespaces(c, config));
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void namespaces(
      io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<R> overrider, OperatorConfig config) {
    if (!config.watchNamespaces().isEmpty()) {
      overrider.settingNamespaces(config.watchNamespaces());
    }
  }

  public Provisioners provisioners() {
    return provisioners;
  }

  public WorkspaceReconciler workspaces() {
    return workspaces;
  }

  public WorkspaceStatusWriter statusWriter() {
    return statusWriter;
  }

  public void start() {
    operator.start();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
