package dev.kubicle.operator;

import dev.kubicle.api.serialization.KubicleSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where the operator runs: the cluster a kubeconfig (or the pod's service account) points at, or the
 * embedded dev cluster. The dev cluster (which signs in a dev admin) starts only when asked for: KUBICLE_MODE=dev
 * always, KUBICLE_MODE=auto (what {@code make run} passes) when no cluster is configured or the configured one does
 * not answer. The default, KUBICLE_MODE=cluster (the image, the chart, a bare {@code java -jar}), needs a real cluster
 * and exits with the reason otherwise.
 */
public final class ClusterChoice {
  private ClusterChoice() {}

  /** How far the operator may go towards the embedded dev cluster. */
  public enum Mode {
    /** A real cluster or nothing (the default). */
    CLUSTER,
    /** A real cluster when one is configured and answers, else the dev cluster ({@code make run}). */
    AUTO,
    /** Always the dev cluster. */
    DEV;

    static Mode fromEnvironment(Map<String, String> env) {
      String text = env.getOrDefault("KUBICLE_MODE", "cluster").strip();
      return switch (text) {
        case "", "cluster" -> CLUSTER;
        case "auto" -> AUTO;
        case "dev" -> DEV;
        default -> throw new IllegalStateException("KUBICLE_MODE: must be cluster (the default: a real cluster only),"
            + " auto (a real cluster if one answers, else the embedded dev cluster, as make run does) or dev, got \""
            + text + "\"");
      };
    }
  }

  /** What is known about the configured cluster when deciding. */
  public enum Found {
    /** Neither a kubeconfig nor a pod's service account. */
    NOTHING_CONFIGURED,
    /** Configured and answered within the timeout. */
    ANSWERED,
    /** Configured but did not answer. */
    NO_ANSWER
  }

  /** The decision: use the real cluster, start the dev cluster (with why), or stop (with what to do). */
  public sealed interface Decision {
    record UseCluster() implements Decision {}

    record UseDevCluster(String reason) implements Decision {}

    record Refuse(String message) implements Decision {}
  }

  /** A reachable real cluster's client, or empty with the reason the dev cluster is used instead. */
  public record Outcome(Optional<KubernetesClient> client, String reason) {}

  /**
   * The pure decision. {@code server} names what was configured (the API server URL, or where a kubeconfig was
   * looked for); {@code problem} is why it did not answer (null otherwise).
   */
  public static Decision decide(Mode mode, Found found, String server, String problem) {
    if (mode == Mode.DEV) {
      return new Decision.UseDevCluster("KUBICLE_MODE=dev");
    }
    return switch (found) {
      case ANSWERED -> new Decision.UseCluster();
      case NOTHING_CONFIGURED -> mode == Mode.AUTO
          ? new Decision.UseDevCluster("no kubeconfig found (" + server + ")")
          : new Decision.Refuse("no Kubernetes cluster is configured: no kubeconfig (" + server + ") and this is "
              + "not a pod. Point KUBECONFIG at a cluster, or use `make run` (KUBICLE_MODE=auto) or KUBICLE_MODE=dev "
              + "for the embedded dev cluster while developing");
      case NO_ANSWER -> mode == Mode.AUTO
          ? new Decision.UseDevCluster("the kubeconfig points at " + server + " but it did not answer (" + problem + ")")
          : new Decision.Refuse("the Kubernetes API server " + server + " did not answer (" + problem + "). Kubicle "
              + "does not fall back to the embedded dev cluster outside development: check the cluster and the "
              + "kubeconfig (or the pod's service account), or set KUBICLE_MODE=auto to allow the dev cluster");
    };
  }

  /** Looks at the environment, probes a configured cluster (5 s), and acts on {@link #decide}. */
  public static Outcome choose(Map<String, String> env) {
    Mode mode = Mode.fromEnvironment(env);
    if (mode == Mode.DEV) {
      return new Outcome(Optional.empty(), "KUBICLE_MODE=dev");
    }
    boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST");
    String kubeconfig = env.getOrDefault("KUBECONFIG", Path.of(System.getProperty("user.home"), ".kube", "config")
        .toString());
    boolean hasKubeconfig = Arrays.stream(kubeconfig.split(File.pathSeparator))
        .anyMatch(p -> !p.isBlank() && Files.exists(Path.of(p)));
    if (!inCluster && !hasKubeconfig) {
      return act(decide(mode, Found.NOTHING_CONFIGURED, "KUBECONFIG or ~/.kube/config", null), null);
    }
    // The probe answers within 5 s or not at all (no retries), so a dead API server is reported promptly.
    Config probeConfig = Config.autoConfigure(null);
    probeConfig.setConnectionTimeout(5_000);
    probeConfig.setRequestTimeout(5_000);
    probeConfig.setRequestRetryBackoffLimit(0);
    String server = probeConfig.getMasterUrl();
    try (KubernetesClient probe = KubicleSerialization.clientBuilder().withConfig(probeConfig).build()) {
      probe.getKubernetesVersion();
    } catch (RuntimeException e) {
      return act(decide(mode, Found.NO_ANSWER, server, rootMessage(e)), null);
    }
    Config config = Config.autoConfigure(null);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(5_000);
    return act(decide(mode, Found.ANSWERED, server, null),
        KubicleSerialization.clientBuilder().withConfig(config).build());
  }

  private static Outcome act(Decision decision, KubernetesClient client) {
    if (decision instanceof Decision.Refuse refuse) {
      throw new IllegalStateException(refuse.message());
    }
    if (decision instanceof Decision.UseDevCluster dev) {
      return new Outcome(Optional.empty(), dev.reason());
    }
    return new Outcome(Optional.of(client), "cluster at " + client.getConfiguration().getMasterUrl());
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
