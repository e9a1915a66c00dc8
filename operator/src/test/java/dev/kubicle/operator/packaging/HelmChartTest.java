package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Helm chart and the example manifests, checked the way a cluster would see them. */
class HelmChartTest {
  private static final Path ROOT = Repository.root();
  private static final Path CHART = ROOT.resolve("helm/kubicle");
  private static final Path EXAMPLES = ROOT.resolve("examples");
  private static final List<String> KINDS = List.of("templates", "workspaces", "agenttasks");

  @Test
  void chartLintsWithoutErrors() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
  }

  @Test
  void operatorRunsAsNonRootWithReadOnlyRootFilesystemAndNoCapabilities() {
    Deployment deployment = one(render(UnaryOperator.identity()), Deployment.class);

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void agentConnectionLimitsComeFromValuesAsTheirEnvironmentVariables() {
    Map<String, String> byDefault = env(one(render(UnaryOperator.identity()), Deployment.class));
    Map<String, String> tuned = env(one(render(t -> t
        .set("agent.limits.LOG_BYTES_PER_START", "2097152")), Deployment.class));

    assertThat(byDefault.keySet()).noneMatch(k -> k.startsWith("KUBICLE_AGENT_LOG"));
    assertThat(tuned).containsEntry("KUBICLE_AGENT_LOG_BYTES_PER_START", "2097152");
    assertThat(dev.kubicle.operator.agentapi.AgentLimits.fromEnvironment(tuned).logBytesPerStart())
        .isEqualTo(2097152);
  }

  @Test
  void operatorGetsTheTerraformRunnerFromValues() {
    Map<String, String> byDefault = env(one(render(UnaryOperator.identity()), Deployment.class));
    Map<String, String> openTofu = env(one(render(t -> t
        .set("terraform.image", "ghcr.io/opentofu/opentofu:1.8.8")
        .set("terraform.binary", "tofu")), Deployment.class));

    assertThat(byDefault)
        .containsEntry("KUBICLE_TERRAFORM_IMAGE", "hashicorp/terraform:1.9.8")
        .containsEntry("KUBICLE_TERRAFORM_BINARY", "terraform")
        .containsEntry("KUBICLE_WATCH_NAMESPACES", "")
        .containsEntry("KUBICLE_CONTROL_PLANE_URL", "http://kubicle.kubicle-system.svc:8080");
    assertThat(openTofu)
        .containsEntry("KUBICLE_TERRAFORM_IMAGE", "ghcr.io/opentofu/opentofu:1.8.8")
        .containsEntry("KUBICLE_TERRAFORM_BINARY", "tofu");
  }

  @Test
  void runnerPolicyComesFromValuesAndAllowsOnlyTheDefaultsByDefault() {
    Map<String, String> byDefault = env(one(render(UnaryOperator.identity()), Deployment.class));
    Map<String, String> opened = env(one(render(t -> t
        .set("runnerPolicy.allowedImages[0]", "ghcr.io/opentofu/opentofu:*")
        .set("runnerPolicy.allowedImages[1]", "hashicorp/terraform:1.11")
        .set("runnerPolicy.allowedServiceAccounts[0]", "cloud-builder")
        .set("runnerPolicy.allowedSecrets[0]", "aws-credentials")), Deployment.class));

    assertThat(byDefault).containsEntry("KUBICLE_RUNNER_ALLOWED_IMAGES", "")
        .containsEntry("KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS", "").containsEntry("KUBICLE_RUNNER_ALLOWED_SECRETS", "");
    var defaults = dev.kubicle.operator.provision.RunnerPolicy.fromEnvironment(byDefault, "hashicorp/terraform:1.9.8");
    assertThat(defaults.images()).containsExactly("hashicorp/terraform:1.9.8");
    assertThat(defaults.secrets()).isEmpty();
    var policy = dev.kubicle.operator.provision.RunnerPolicy.fromEnvironment(opened, "hashicorp/terraform:1.9.8");
    assertThat(policy.images()).containsExactly("hashicorp/terraform:1.9.8", "ghcr.io/opentofu/opentofu:*",
        "hashicorp/terraform:1.11");
    assertThat(policy.serviceAccounts()).containsExactlyInAnyOrder("kubicle-runner", "cloud-builder");
    assertThat(policy.secrets()).containsExactly("aws-credentials");
  }

  @Test
  void clusterRoleGrantsNoWildcardVerbsOrResources() {
    ClusterRole role = one(render(UnaryOperator.identity()), ClusterRole.class);

    assertThat(role.getRules()).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getVerbs()).doesNotContain("*");
      assertThat(rule.getResources()).doesNotContain("*").allSatisfy(r -> assertThat(r).doesNotEndWith("/*"));
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getVerbs()).as("escalate or bind would let it grant anything").doesNotContain("escalate", "bind");
    });
  }

  @Test
  void clusterRoleHoldsEverythingTheRunnerRoleGrants() {
    // RBAC forbids granting what you do not hold, so the operator needs the runner's rules.
    ClusterRole role = one(render(UnaryOperator.identity()), ClusterRole.class);
    List<String> runnerVerbs = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    for (String resource : List.of("secrets", "pods", "persistentvolumeclaims", "services", "configmaps",
        "serviceaccounts")) {
      assertThat(verbs(role, "", resource)).as(resource).containsAll(runnerVerbs);
    }
    assertThat(verbs(role, "coordination.k8s.io", "leases")).containsAll(runnerVerbs);
    assertThat(verbs(role, "rbac.authorization.k8s.io", "roles")).contains("create", "get", "list", "watch");
    for (String kind : KINDS) {
      assertThat(verbs(role, "kubicle.dev", kind)).contains("get", "list", "watch", "patch");
      assertThat(verbs(role, "kubicle.dev", kind + "/status")).contains("update", "patch");
      assertThat(verbs(role, "kubicle.dev", kind + "/finalizers")).contains("update");
    }
  }

  @Test
  void watchingAllNamespacesBindsTheClusterRoleClusterWide() {
    List<HasMetadata> objects = render(UnaryOperator.identity());

    assertThat(all(objects, ClusterRoleBinding.class)).singleElement()
        .satisfies(b -> assertThat(b.getSubjects().get(0).getNamespace()).isEqualTo("kubicle-system"));
  }

  @Test
  void watchingSomeNamespacesBindsTheClusterRoleOnlyInThem() {
    List<HasMetadata> objects = render(t -> t
        .set("watchNamespaces[0]", "team-a").set("watchNamespaces[1]", "team-b"));

    assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
    assertThat(all(objects, RoleBinding.class))
        .filteredOn(b -> b.getRoleRef().getKind().equals("ClusterRole"))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(env(one(objects, Deployment.class))).containsEntry("KUBICLE_WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void chartCarriesTheCrdsTheTypesGenerate() throws IOException {
    // crds/generated is checked against the Java types in the crds module; `make crds` copies it into the chart.
    for (String kind : KINDS) {
      String file = kind + ".kubicle.dev.yaml";
      assertThat(Files.readString(CHART.resolve("crds").resolve(file)))
          .as("helm/kubicle/crds/%s is stale: run `make crds`", file)
          .isEqualTo(Files.readString(ROOT.resolve("crds/generated").resolve(file)));
    }
  }

  @Test
  void exampleTemplateManifestsCarryTheirTerraformFilesByteForByte() throws IOException {
    List<Path> dirs = terraformTemplateDirs();
    assertThat(dirs).isNotEmpty();

    for (Path dir : dirs) {
      Template template = template(dir);
      Set<String> tfFiles = tfFiles(dir);
      assertThat(template.getSpec().getFiles().keySet())
          .as("%s spec.files (run examples/sync-templates.sh)", dir.getFileName())
          .containsExactlyInAnyOrderElementsOf(tfFiles);
      for (String name : tfFiles) {
        assertThat(template.getSpec().getFiles().get(name).getBytes(StandardCharsets.UTF_8))
            .as("%s/%s inline copy (run examples/sync-templates.sh)", dir.getFileName(), name)
            .isEqualTo(Files.readAllBytes(dir.resolve(name)));
      }
    }
  }

  @Test
  void everyExampleParameterHasItsTerraformVariableAndBackTheOtherWay() throws IOException {
    Pattern variable = Pattern.compile("(?m)^variable \"kubicle_param_([a-z0-9_]+)\"");
    for (Path dir : terraformTemplateDirs()) {
      Set<String> declared = new TreeSet<>();
      for (String name : tfFiles(dir)) {
        Matcher m = variable.matcher(Files.readString(dir.resolve(name)));
        while (m.find()) {
          declared.add(m.group(1));
        }
      }

      assertThat(template(dir).getSpec().getParameters()).extracting(TemplateParameter::getName)
          .as("%s parameters vs kubicle_param_ variables", dir.getFileName())
          .containsExactlyInAnyOrderElementsOf(declared);
    }
  }

  @Test
  void exampleTerraformTemplatesLeaveTheBackendToKubicle() throws IOException {
    for (Path dir : terraformTemplateDirs()) {
      for (String name : tfFiles(dir)) {
        assertThat(Files.readString(dir.resolve(name))).as("%s/%s", dir.getFileName(), name)
            .doesNotContainPattern("backend\\s+\"");
      }
    }
  }

  @Test
  void exampleEchoTemplateScriptsEveryTransition() throws IOException {
    Template echo = template(EXAMPLES.resolve("templates/echo"));

    JsonNode script = new ObjectMapper().readTree(echo.getSpec().getFiles().get("echo.json"));
    assertThat(echo.getSpec().getProvisioner().wireName()).isEqualTo("echo");
    for (String transition : List.of("start", "stop", "delete")) {
      assertThat(script.path(transition).path("result").asText()).as(transition).isEqualTo("success");
    }
  }

  @Test
  void exampleWorkspacesParseAndUseAnExampleTemplate() throws IOException {
    Set<String> templates = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(EXAMPLES.resolve("templates"))) {
      for (Path dir : dirs.filter(Files::isDirectory).collect(Collectors.toList())) {
        templates.add(template(dir).getMetadata().getName());
      }
    }

    Map<String, Workspace> workspaces = new TreeMap<>();
    try (Stream<Path> files = Files.list(EXAMPLES.resolve("workspaces"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).collect(Collectors.toList())) {
        workspaces.put(file.getFileName().toString(), Serialization.unmarshal(Files.readString(file), Workspace.class));
      }
    }

    assertThat(workspaces).containsKeys("dev.yaml", "stopped.yaml", "pinned.yaml");
    assertThat(workspaces.values()).allSatisfy(ws -> assertThat(templates).contains(ws.getSpec().getTemplate().getName()));
    assertThat(workspaces.get("dev.yaml").getSpec().getRunning()).as("GitOps manifests leave running out").isNull();
    assertThat(workspaces.get("stopped.yaml").getSpec().getRunning()).isFalse();
    assertThat(workspaces.get("pinned.yaml").getSpec().getTemplate().getVersion()).isNotBlank();
  }

  private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    String manifest = values.apply(new Helm(CHART).template().withName("kubicle").withNamespace("kubicle-system"))
        .call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        HasMetadata object = Serialization.unmarshal(document);
        // The operator's objects only; the webhook's (component webhook) are WebhookChartTest's.
        if (object.getMetadata().getLabels() == null
            || !"webhook".equals(object.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
          objects.add(object);
        }
      }
    }
    return objects;
  }

  private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  private static <T> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as("rendered %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> env(Deployment deployment) {
    Map<String, String> env = new TreeMap<>();
    for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private static Set<String> verbs(ClusterRole role, String group, String resource) {
    Set<String> verbs = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      boolean unrestricted = rule.getResourceNames() == null || rule.getResourceNames().isEmpty();
      if (unrestricted && rule.getApiGroups().contains(group) && rule.getResources().contains(resource)) {
        verbs.addAll(rule.getVerbs());
      }
    }
    return verbs;
  }

  private static List<Path> terraformTemplateDirs() throws IOException {
    try (Stream<Path> dirs = Files.list(EXAMPLES.resolve("templates"))) {
      List<Path> found = new ArrayList<>();
      for (Path dir : dirs.filter(Files::isDirectory).sorted().collect(Collectors.toList())) {
        if (!tfFiles(dir).isEmpty()) {
          found.add(dir);
        }
      }
      return found;
    }
  }

  private static Set<String> tfFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tf"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Template template(Path dir) throws IOException {
    return Serialization.unmarshal(Files.readString(dir.resolve("template.yaml")), Template.class);
  }

  /** Surefire runs in the module folder; the chart and examples sit at the repository root. */

}
