package dev.kubicle.operator;

import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.agentapi.ControlPlaneServer;
import dev.kubicle.operator.dev.DevCluster;
import dev.kubicle.operator.dev.DevClusterException;
import dev.kubicle.operator.dev.DevGateway;
import dev.kubicle.operator.dev.DevNetworkCheck;
import dev.kubicle.operator.dev.DevSetup;
import dev.kubicle.operator.gateway.Commands;
import java.nio.file.Files;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.store.Store;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import java.nio.file.Path;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts the Kubicle operator against a real cluster, or with the embedded dev cluster when there is none. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  public static final String DEV_NO_JOBS = "This is the embedded dev cluster: it has no nodes, so no Terraform Job can "
      + "run. Use a template with provisioner: local (examples/templates/local) here, or run Kubicle on a real "
      + "cluster (helm install kubicle helm/kubicle; see docs/operations.md)";

  private Main() {}

  public static void main(String[] args) throws Exception {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    if (args.length > 0 && args[0].equals("gateway")) { // `kubicle gateway`: the WireGuard gateway (docs/networking.md)
      System.exit(dev.kubicle.operator.gateway.GatewayMain.run(System.getenv()));
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    ClusterChoice.Outcome choice;
    try {
      choice = ClusterChoice.choose(env);
    } catch (IllegalStateException e) {
      System.err.println("kubicle: " + e.getMessage());
      System.exit(2);
      return;
    }
    DevCluster dev = null;
    KubernetesClient client;
    OperatorConfig config;
    Optional<String> networkOff = Optional.of("not on the dev cluster");
    if (choice.client().isPresent()) {
      client = choice.client().get();
      config = OperatorConfig.fromEnvironment(env);
      LOG.info("running against the {}", choice.reason());
    } else {
      LOG.info("starting the embedded dev cluster: {}", choice.reason());
      try {
        dev = DevCluster.start();
      } catch (DevClusterException e) {
        System.err.println("kubicle: " + e.getMessage());
        System.exit(2);
        return;
      }
      client = dev.client();
      // The dev cluster cannot do server-side apply; echo templates are how it shows builds end to end.
      env.putIfAbsent("KUBICLE_SERVER_SIDE_APPLY", "false");
      env.putIfAbsent("KUBICLE_ENABLE_ECHO_PROVISIONER", "true");
      env.putIfAbsent("KUBICLE_CONTROL_PLANE_URL", "http://127.0.0.1:" + env.getOrDefault("KUBICLE_HTTP_PORT", "8080"));
      try {
        networkOff = DevNetworkCheck.whyOff(env, System.getProperty("user.name"), Commands::available,
            Files.exists(Path.of("/dev/net/tun")));
      } catch (IllegalArgumentException e) {
        System.err.println("kubicle: " + e.getMessage());
        System.exit(2);
        return;
      }
      if (networkOff.isEmpty()) {
        env.putIfAbsent("KUBICLE_GATEWAY_ENDPOINT", DevGateway.ENDPOINT); // devices are registered for the tunnel
      }
      config = OperatorConfig.fromEnvironment(env);
    }
    Store store;
    try {
      store = JdbcStore.open(env);
    } catch (StoreException e) {
      System.err.println("kubicle: the store could not be opened: " + e.getMessage());
      if (dev != null) {
        dev.close();
      }
      System.exit(2);
      return;
    }
    LocalProvisioner local = dev == null ? null : localProvisioner(env, client, config);
    KubicleOperator operator = new KubicleOperator(client, config, Clock.systemUTC(), dev == null ? null : DEV_NO_JOBS,
        local, store);
    try {
      String devLoginUser = dev == null ? null : DevSetup.EXAMPLE_OWNER;
      consoleSettings(env, dev != null, config).ifPresent(console ->
          operator.withConsole(console, devLoginUser, java.util.List.of()));
    } catch (IllegalArgumentException e) {
      System.err.println("kubicle: the console settings are wrong: " + e.getMessage() + " (see docs/console.md)");
      System.exit(2);
    }
    try {
      operator.start();
    } catch (ControlPlaneServer.ListenException e) {
      System.err.println("kubicle: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException e) {
      System.err.println("kubicle: the operator could not start: " + rootMessage(e));
      System.err.println("kubicle: are the CRDs installed and may this identity watch them? Install them with "
          + "`kubectl apply -f crds/generated/` (the Helm chart does it too) and see docs/operations.md for RBAC.");
      System.exit(1);
    }
    DevGateway gateway = null;
    if (dev != null) {
      DevSetup.Result setup = DevSetup.prepare(client, Path.of("").toAbsolutePath(),
          Path.of(System.getProperty("user.home"), ".ssh"), "default");
      if (networkOff.isEmpty()) {
        try {
          gateway = DevGateway.start(client, dev.port(), operator.devices(), config.network(),
              Path.of(System.getProperty("user.home"), ".kubicle"), env);
        } catch (java.io.IOException | RuntimeException e) {
          networkOff = Optional.of("the dev gateway could not start: " + rootMessage(e));
        }
      }
      printDevBanner(dev, operator.httpPort(), setup, local != null,
          gateway == null ? DevNetworkCheck.offLine(networkOff.orElseThrow()) + "\n" : gateway.banner(),
          operator.console() == null ? null : operator.console().issueDevLoginCode());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    DevCluster devCluster = dev;
    DevGateway devGateway = gateway;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      if (devGateway != null) {
        devGateway.close(); // before the dev cluster it reads goes away
      }
      operator.close();
      if (local != null) {
        local.stopAll(); // the dev cluster forgets its workspaces: their agents go with it
      }
      if (devCluster != null) {
        devCluster.close();
      }
      stopped.countDown();
    }, "kubicle-shutdown"));
    stopped.await();
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** The local provisioner of the dev cluster, or null (with the reason logged) when the agent jar is missing. */
  private static LocalProvisioner localProvisioner(Map<String, String> env, KubernetesClient client,
      OperatorConfig config) {
    Path jar = Path.of(env.getOrDefault("KUBICLE_AGENT_JAR", "agent/target/kubicle-agent.jar"));
    try {
      return new LocalProvisioner(Path.of(System.getProperty("user.home"), ".kubicle", "workspaces"),
          LocalProvisioner.defaultAgentCommand(jar.toAbsolutePath()), config.controlPlaneUrl(),
          new AgentTokenSecrets(client));
    } catch (IllegalStateException e) {
      LOG.warn("local workspaces are off: {}", e.getMessage());
      return null;
    }
  }

  /**
   * The console's settings: on the dev cluster it serves http://127.0.0.1 by default; elsewhere it needs
   * KUBICLE_EXTERNAL_URL (cookies, OIDC redirects and CSRF checks depend on it) and is off without it.
   */
  private static java.util.Optional<dev.kubicle.operator.console.ConsoleConfig> consoleSettings(
      Map<String, String> env, boolean devCluster, OperatorConfig config) {
    if (!devCluster && (env.get("KUBICLE_EXTERNAL_URL") == null || env.get("KUBICLE_EXTERNAL_URL").isBlank())) {
      LOG.warn("the console and REST API are off: set KUBICLE_EXTERNAL_URL (and KUBICLE_OIDC_*) to serve them; "
          + "see docs/console.md");
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(dev.kubicle.operator.console.ConsoleConfig.fromEnvironment(env,
        "http://127.0.0.1:" + config.httpPort()));
  }

  private static void printDevBanner(DevCluster dev, int httpPort, DevSetup.Result setup, boolean local,
      String network, String loginCode) {
    StringBuilder next = new StringBuilder();
    if (local && setup.localTemplate()) {
      next.append("""
            Create a workspace:    kubectl apply -f examples/workspaces/local.yaml
                                   kubectl wait --for=condition=Ready ws/my-local --timeout=60s
            SSH into it:           ssh -p "$(kubectl get ws my-local -o jsonpath='{.status.outputs.ssh_port}')" \\
                                       %s@127.0.0.1
          """.formatted(DevSetup.EXAMPLE_OWNER));
      if (setup.keyFiles().isEmpty()) {
        next.append("  (No SSH public key in ~/.ssh: create one with `ssh-keygen -t ed25519` and restart make run.)\n");
      } else {
        next.append("  (SSH keys from ").append(setup.keyFiles()).append(" are stored for ")
            .append(setup.users()).append(".)\n");
      }
    } else {
      next.append("  Local workspaces are off (see the warning above); the echo template still works.\n");
    }
    next.append(network.startsWith("Networking is off") ? "  " + network : network);
    System.out.println("""

        Kubicle is running on the embedded dev cluster (an in-memory Kubernetes API at %s).
          Use it with kubectl:   export KUBECONFIG=%s
        %s  A scripted workspace:  kubectl apply -f examples/templates/echo/template.yaml \\
                                   -f examples/workspaces/echo.yaml
          Watch them:            kubectl get ws -w
          Health:                http://127.0.0.1:%d/healthz
        %s  Stop with Ctrl-C. The dev cluster keeps nothing: it starts empty each time.
        """.formatted(dev.url(), dev.kubeconfigPath(), next, httpPort, loginCode == null ? ""
            : """
              Console and API:       http://127.0.0.1:%d/login/dev  (API: http://127.0.0.1:%d/api/v1/openapi.json)
              One-time admin code:   %s  (paste it there within 30 minutes; it works once)
            """.formatted(httpPort, httpPort, loginCode)));
  }
}
