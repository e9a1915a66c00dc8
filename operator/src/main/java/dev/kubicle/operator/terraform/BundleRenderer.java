package dev.kubicle.operator.terraform;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders the files Kubicle adds to a template's root module: the backend override (state in a Secret
 * named after the workspace UID) and the auto tfvars file with the {@code kubicle_*} variables.
 */
public final class BundleRenderer {
  /** Terraform merges {@code *_override.tf.json} over the module, so the template's own backend never wins. */
  public static final String OVERRIDE_FILE = dev.kubicle.api.validation.TemplateFiles.OVERRIDE_FILE;
  /** Terraform loads {@code *.auto.tfvars.json} without a {@code -var-file} flag. */
  public static final String VARIABLES_FILE = dev.kubicle.api.validation.TemplateFiles.TFVARS_FILE;
  /** Label the backend puts on the state Secret (and its lock Lease), so cleanup can find them by UID. */
  public static final String WORKSPACE_UID_LABEL = "kubicle.dev/workspace-uid";
  public static final String PARAMETER_PREFIX = "kubicle_param_";
  public static final int DEFAULT_CACHE_CAPACITY = 256;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final BoundedLruCache<TemplateVersionKey, ParameterTypeTable> typeTables;
  private final AtomicInteger typeTableComputations = new AtomicInteger();

  public BundleRenderer() {
    this(DEFAULT_CACHE_CAPACITY);
  }

  public BundleRenderer(int cacheCapacity) {
    this.typeTables = new BoundedLruCache<>(cacheCapacity);
  }

  /**
   * Renders both files for one build. {@code parameters} are the declarations of the template version named
   * by {@code variables.templateVersion()}; they are read only the first time that version is seen.
   */
  public RenderedBundle render(TerraformVariables variables, List<TemplateParameter> parameters) {
    return new RenderedBundle(
        renderOverride(variables.workspaceNamespace(), variables.workspaceUid()),
        renderVariables(variables, parameters));
  }

  /** The backend override: the kubernetes backend, in-cluster credentials, state Secret suffix = workspace UID. */
  public String renderOverride(String workspaceNamespace, String workspaceUid) {
    StateSecrets.secretName(workspaceUid); // fail here, not in the Job, when the UID cannot name a Secret
    ObjectNode kubernetes = JSON.objectNode();
    kubernetes.put("secret_suffix", workspaceUid);
    kubernetes.put("namespace", workspaceNamespace);
    kubernetes.put("in_cluster_config", true);
    kubernetes.putObject("labels").put(WORKSPACE_UID_LABEL, workspaceUid);
    ObjectNode root = JSON.objectNode();
    root.putObject("terraform").putObject("backend").set("kubernetes", kubernetes);
    return TerraformJson.pretty(root);
  }

  /** The auto tfvars file: Kubicle's variables in documented order, then one typed value per parameter by name. */
  public String renderVariables(TerraformVariables variables, List<TemplateParameter> parameters) {
    ParameterTypeTable table = typeTables.computeIfAbsent(
        TemplateVersionKey.of(variables),
        key -> {
          typeTableComputations.incrementAndGet();
          return ParameterTypeTable.of(parameters);
        });
    ObjectNode root = JSON.objectNode();
    root.put("kubicle_workspace_name", variables.workspaceName());
    root.put("kubicle_workspace_namespace", variables.workspaceNamespace());
    root.put("kubicle_workspace_owner", orEmpty(variables.workspaceOwner()));
    root.put("kubicle_workspace_uid", variables.workspaceUid());
    root.put("kubicle_template_name", variables.templateName());
    root.put("kubicle_template_version", variables.templateVersion());
    root.put("kubicle_build_number", variables.buildNumber());
    root.put("kubicle_transition", variables.transition().wireName());
    root.put("kubicle_start_count", variables.startCount());
    // Empty, not null: a null tfvars value would make Terraform fall back to the variable's default.
    root.put("kubicle_agent_token", orEmpty(variables.agentToken()));
    root.put("kubicle_agent_init_command", orEmpty(variables.agentInitCommand()));
    root.put("kubicle_agent_image", orEmpty(variables.agentImage()));
    root.put("kubicle_agent_token_secret", orEmpty(variables.agentTokenSecret()));
    root.put("kubicle_control_plane_url", orEmpty(variables.controlPlaneUrl()));
    // Values the template no longer declares are left out: Terraform would only warn, and they mean nothing.
    Map<String, String> values = variables.parameters();
    for (Map.Entry<String, ParameterType> declared : table.types().entrySet()) {
      String name = declared.getKey();
      root.set(PARAMETER_PREFIX + name, ParameterValues.toJson(name, declared.getValue(), values.get(name)));
    }
    return TerraformJson.pretty(root);
  }

  /** The Secret the kubernetes backend writes for this UID: {@code tfstate-default-<uid>}. */
  public static String stateSecretName(String workspaceUid) {
    return StateSecrets.secretName(workspaceUid);
  }

  /** How many parameter type tables were computed, i.e. cache misses; for tests. */
  int typeTableComputations() {
    return typeTableComputations.get();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** A template version is immutable (content hash), so its parameter types never change under one key. */
  private record TemplateVersionKey(String namespace, String templateName, String templateVersion) {
    // Templates are namespaced: a same-named template elsewhere is a different template.
    static TemplateVersionKey of(TerraformVariables variables) {
      return new TemplateVersionKey(
          variables.workspaceNamespace(), variables.templateName(), variables.templateVersion());
    }
  }
}
