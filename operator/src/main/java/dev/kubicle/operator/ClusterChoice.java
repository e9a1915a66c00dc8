package dev.kubicle.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubicle.api.serialization.KubicleSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where the operator runs: the cluster a kubeconfig (or the pod's service account) points at, or the
 * embedded dev cluster when there is none. KUBICLE_MODE=cluster insists on a real one; =dev forces the embedded one.
 */
public final class ClusterChoice {
  private ClusterChoice() {}

  /** A reachable real cluster's client, or empty with the reason the dev cluster is used instead. */
  public record Outcome(Optional<KubernetesClient> client, String reason) {}

  public static Outcome choose(Map<String, String> env) {
    String mode = env.getOrDefault("KUBICLE_MODE", "auto");
    if (mode.equals("dev")) {
      return new Outcome(Optional.empty(), "KUBICLE_MODE=dev");
    }
    boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST");
    String kubeconfig = env.getOrDefault("KUBECONFIG", Path.of(System.getProperty("user.home"), ".kube", "config")
        .toString());
    boolean hasKubeconfig = kubeconfig.split(java.io.File.pathSeparator).length > 0
        && java.util.Arrays.stream(kubeconfig.split(java.io.File.pathSeparator)).anyMatch(p -> Files.exists(Path.of(p)));
    if (!inCluster && !hasKubeconfig) {
      if (mode.equals("cluster")) {
        throw new IllegalStateException("KUBICLE_MODE=cluster but no kubeconfig was found (KUBECONFIG or "
            + "~/.kube/config) and this is not a pod");
      }
      return new Outcome(Optional.empty(), "no kubeconfig found (KUBECONFIG or ~/.kube/config)");
    }
    Config config = Config.autoConfigure(null);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(5_000);
    KubernetesClient client = KubicleSerialization.clientBuilder().withConfig(config).build();
    try {
      client.getKubernetesVersion();
      return new Outcome(Optional.of(client), "cluster at " + config.getMasterUrl());
    } catch (RuntimeException e) {
      client.close();
      String why = "the kubeconfig points at " + config.getMasterUrl() + " but it did not answer ("
          + rootMessage(e) + ")";
      if (mode.equals("cluster")) {
        throw new IllegalStateException(why + "; fix the kubeconfig, or unset KUBICLE_MODE to use the dev cluster");
      }
      return new Outcome(Optional.empty(), why);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
