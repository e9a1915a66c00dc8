package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, hole 7: no NetworkPolicy isolated workspace pods from each other, so any pod (another member's workspace
 * included) could connect to every port of a workspace pod. On main the chart rendered no policy for workspace pods.
 */
class WorkspaceIsolationChartTest {
  private static final Path ROOT = Repository.root();
  private static final String POLICY = "kubicle-workspace-isolation";

  @Test
  void anotherMembersWorkspaceCannotConnectToAWorkspacePodOnlyTheGatewayCan() {
    List<HasMetadata> objects = render(t -> t.set("watchNamespaces[0]", "team-a").set("watchNamespaces[1]", "team-b"));

    List<NetworkPolicy> policies = policies(objects);
    assertThat(policies).extracting(p -> p.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
    assertThat(policies).allSatisfy(policy -> {
      assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
      LabelSelectorRequirement selects = policy.getSpec().getPodSelector().getMatchExpressions().get(0);
      assertThat(selects.getKey()).isEqualTo("kubicle.dev/workspace-uid");
      assertThat(selects.getOperator()).isEqualTo("Exists");
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      NetworkPolicyPeer only = policy.getSpec().getIngress().get(0).getFrom().get(0);
      assertThat(policy.getSpec().getIngress()).singleElement()
          .satisfies(rule -> assertThat(rule.getPorts()).as("the gateway forwards every port").isNullOrEmpty());
      assertThat(policy.getSpec().getIngress().get(0).getFrom()).hasSize(1);
      assertThat(only.getNamespaceSelector().getMatchLabels())
          .isEqualTo(Map.of("kubernetes.io/metadata.name", "kubicle-system"));
      assertThat(only.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "gateway")
          .containsEntry("app.kubernetes.io/instance", "kubicle");
    });
  }

  @Test
  void thePolicySelectsTheGatewayPodsByTheLabelsTheGatewayDeploymentCarries() {
    List<HasMetadata> objects = render(t -> t.set("watchNamespaces[0]", "team-a").set("gateway.enabled", "true"));

    Map<String, String> gatewayPods = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .filter(d -> d.getMetadata().getName().equals("kubicle-gateway")).findFirst().orElseThrow()
        .getSpec().getTemplate().getMetadata().getLabels();
    assertThat(gatewayPods).containsAllEntriesOf(
        policies(objects).get(0).getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
  }

  @Test
  void theExampleTemplateLabelsItsPodsSoThePolicySelectsThem() throws Exception {
    String mainTf = Files.readString(ROOT.resolve("examples/templates/kubernetes-pod/main.tf"));

    assertThat(mainTf).contains("\"kubicle.dev/workspace-uid\"    = var.kubicle_workspace_uid");
  }

  @Test
  void workspaceNamespacesCanBeListedApartFromTheWatchedOnesAndMorePeersAdded() {
    List<HasMetadata> objects = render(t -> t.set("workspaceIsolation.namespaces[0]", "dev-envs")
        .set("workspaceIsolation.from[0].namespaceSelector.matchLabels.ingress", "true"));

    assertThat(policies(objects)).singleElement().satisfies(policy -> {
      assertThat(policy.getMetadata().getNamespace()).isEqualTo("dev-envs");
      assertThat(policy.getSpec().getIngress().get(0).getFrom()).hasSize(2);
      assertThat(policy.getSpec().getIngress().get(0).getFrom().get(1).getNamespaceSelector().getMatchLabels())
          .isEqualTo(Map.of("ingress", "true"));
    });
  }

  @Test
  void itIsOnByDefaultAndOffWhenDisabled() {
    assertThat(policies(render(t -> t.set("watchNamespaces[0]", "team-a")))).hasSize(1);
    assertThat(policies(render(t -> t.set("watchNamespaces[0]", "team-a").set("workspaceIsolation.enabled", "false"))))
        .isEmpty();
  }

  /** The chart cannot know where workspaces live then; NOTES.txt says "NOT APPLIED" and names the value to set. */
  @Test
  void watchingEveryNamespaceWithNoWorkspaceNamespacesListedLeavesNoPolicy() {
    assertThat(policies(render(UnaryOperator.identity()))).isEmpty();
  }

  private static List<NetworkPolicy> policies(List<HasMetadata> objects) {
    return objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
        .filter(p -> p.getMetadata().getName().equals(POLICY)).toList();
  }

  private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    String manifest = values.apply(new Helm(ROOT.resolve("helm/kubicle")).template().withName("kubicle")
        .withNamespace("kubicle-system")).call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document));
      }
    }
    return objects;
  }
}
