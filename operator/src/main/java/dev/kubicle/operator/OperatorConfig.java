package dev.kubicle.operator;

import dev.kubicle.operator.agentapi.AgentLimits;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.provision.RunnerPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operator settings, read once from the environment (the Helm chart sets them).
 *
 * @param watchNamespaces namespaces to reconcile; empty means all
 * @param terraformImage default runner image for templates that name none
 * @param terraformBinary terraform or tofu
 * @param terraformImagePullPolicy pull policy for runner images (empty: Kubernetes' default)
 * @param buildTimeout a build Job running longer is failed by Kubernetes (activeDeadlineSeconds)
 * @param finishedJobTtl how long finished build Jobs stay for inspection
 * @param controlPlaneUrl the URL workspaces use to reach this operator
 * @param agentInitCommand the command templates run to start the agent (kubicle_agent_init_command)
 * @param agentImage the image whose init container brings the agent into workspace pods (kubicle_agent_image)
 * @param echoEnabled whether templates may use the echo provisioner (tests and benchmarks)
 * @param useServerSideApply whether JOSDK patches with server-side apply (off only against the mock API)
 * @param httpPort health, agent API and (later) console port
 * @param statsInterval how often agents report activity (Coder's default, 30 s)
 * @param network overlay network settings (namespace for devices, overlay range, gateway endpoint)
 * @param taskThreads threads all AgentTask loops share (steps and model streams; none blocks a thread)
 * @param agentLimits what one agent connection may cost (KUBICLE_AGENT_* limits, docs/security.md)
 * @param taskMaxDuration the longest any AgentTask may run, whatever its limits.timeout says
 *     (KUBICLE_TASK_MAX_DURATION, default 4h)
 * @param runnerPolicy images, service accounts and Secrets a template's runner may use
 *     (KUBICLE_RUNNER_ALLOWED_*, default: only the defaults, docs/operations.md)
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String terraformImage,
    String terraformBinary,
    String terraformImagePullPolicy,
    Duration buildTimeout,
    Duration finishedJobTtl,
    String controlPlaneUrl,
    String agentInitCommand,
    String agentImage,
    boolean echoEnabled,
    boolean useServerSideApply,
    int httpPort,
    int reconcileThreads,
    Duration statsInterval,
    NetworkSettings network,
    int taskThreads,
    AgentLimits agentLimits,
    Duration taskMaxDuration,
    RunnerPolicy runnerPolicy) {

  public static final String DEFAULT_TERRAFORM_IMAGE = "hashicorp/terraform:1.9.8";
  /** Where the agent's init container puts the self-contained agent (see docs/agent.md). */
  public static final String DEFAULT_AGENT_INIT_COMMAND = "/opt/kubicle/bin/kubicle-agent";
  public static final String DEFAULT_AGENT_IMAGE = "ghcr.io/kubicle-dev/kubicle-agent:0.1.0";
  public static final Duration DEFAULT_TASK_MAX_DURATION = Duration.ofHours(4);

  /** Defaults for tests and the dev cluster: all namespaces, echo on, no server-side apply. */
  public static OperatorConfig forTests() {
    return new OperatorConfig(Set.of(), DEFAULT_TERRAFORM_IMAGE, "terraform", null, Duration.ofHours(1),
        Duration.ofDays(1), "http://127.0.0.1:8080", DEFAULT_AGENT_INIT_COMMAND, DEFAULT_AGENT_IMAGE, true, false, 0, 20,
        Duration.ofSeconds(30), NetworkSettings.defaults(), 4,
        AgentLimits.defaults(), DEFAULT_TASK_MAX_DURATION, RunnerPolicy.defaults(DEFAULT_TERRAFORM_IMAGE));
  }

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        Arrays.stream(env.getOrDefault("KUBICLE_WATCH_NAMESPACES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        env.getOrDefault("KUBICLE_TERRAFORM_IMAGE", DEFAULT_TERRAFORM_IMAGE),
        env.getOrDefault("KUBICLE_TERRAFORM_BINARY", "terraform"),
        emptyToNull(env.get("KUBICLE_TERRAFORM_IMAGE_PULL_POLICY")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("KUBICLE_BUILD_TIMEOUT_SECONDS", "3600"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("KUBICLE_FINISHED_JOB_TTL_SECONDS", "86400"))),
        env.getOrDefault("KUBICLE_CONTROL_PLANE_URL", "http://kubicle.kubicle-system.svc:8080"),
        env.getOrDefault("KUBICLE_AGENT_INIT_COMMAND", DEFAULT_AGENT_INIT_COMMAND),
        env.getOrDefault("KUBICLE_AGENT_IMAGE", DEFAULT_AGENT_IMAGE),
        Boolean.parseBoolean(env.getOrDefault("KUBICLE_ENABLE_ECHO_PROVISIONER", "false")),
        Boolean.parseBoolean(env.getOrDefault("KUBICLE_SERVER_SIDE_APPLY", "true")),
        Integer.parseInt(env.getOrDefault("KUBICLE_HTTP_PORT", "8080")),
        Integer.parseInt(env.getOrDefault("KUBICLE_RECONCILE_THREADS", "20")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("KUBICLE_AGENT_STATS_INTERVAL_MS", "30000"))),
        NetworkSettings.fromEnvironment(env),
        Integer.parseInt(env.getOrDefault("KUBICLE_TASK_THREADS", "4")),
        AgentLimits.fromEnvironment(env),
        taskMaxDuration(env),
        RunnerPolicy.fromEnvironment(env, env.getOrDefault("KUBICLE_TERRAFORM_IMAGE", DEFAULT_TERRAFORM_IMAGE)));
  }

  /** The same settings listening on {@code port}, with agents told to dial it on loopback (tests, dev cluster). */
  public OperatorConfig onLoopbackPort(int port) {
    return copy(port, "http://127.0.0.1:" + port, statsInterval, network, agentLimits, taskMaxDuration, runnerPolicy);
  }

  /** The same settings with agents reporting activity every {@code interval} (tests). */
  public OperatorConfig withStatsInterval(Duration interval) {
    return copy(httpPort, controlPlaneUrl, interval, network, agentLimits, taskMaxDuration, runnerPolicy);
  }

  /** The same settings with other network settings (tests). */
  public OperatorConfig withNetwork(NetworkSettings settings) {
    return copy(httpPort, controlPlaneUrl, statsInterval, settings, agentLimits, taskMaxDuration, runnerPolicy);
  }

  /** The same settings with other agent connection limits (tests, benchmarks). */
  public OperatorConfig withAgentLimits(AgentLimits limits) {
    return copy(httpPort, controlPlaneUrl, statsInterval, network, limits, taskMaxDuration, runnerPolicy);
  }

  /** The same settings with another maximum task duration (tests). */
  public OperatorConfig withTaskMaxDuration(Duration max) {
    return copy(httpPort, controlPlaneUrl, statsInterval, network, agentLimits, max, runnerPolicy);
  }

  /** The same settings with another runner policy (tests). */
  public OperatorConfig withRunnerPolicy(RunnerPolicy policy) {
    return copy(httpPort, controlPlaneUrl, statsInterval, network, agentLimits, taskMaxDuration, policy);
  }

  /** A copy with the settings tests vary; the one place that lists every field again. */
  private OperatorConfig copy(int port, String url, Duration stats, NetworkSettings net, AgentLimits limits,
      Duration maxTask, RunnerPolicy policy) {
    return new OperatorConfig(watchNamespaces, terraformImage, terraformBinary, terraformImagePullPolicy,
        buildTimeout, finishedJobTtl, url, agentInitCommand, agentImage, echoEnabled, useServerSideApply, port,
        reconcileThreads, stats, net, taskThreads, limits, maxTask, policy);
  }

  static Duration taskMaxDuration(Map<String, String> env) {
    String text = env.get("KUBICLE_TASK_MAX_DURATION");
    if (text == null || text.isBlank()) {
      return DEFAULT_TASK_MAX_DURATION;
    }
    Duration max = dev.kubicle.api.validation.Durations.parse("KUBICLE_TASK_MAX_DURATION", text.strip());
    if (max.isZero()) {
      throw new IllegalArgumentException("KUBICLE_TASK_MAX_DURATION: \"" + text.strip() + "\" must be longer "
          + "than zero (it caps every AgentTask's wall time; leave it unset for the default, "
          + DEFAULT_TASK_MAX_DURATION.toHours() + "h)");
    }
    return max;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
