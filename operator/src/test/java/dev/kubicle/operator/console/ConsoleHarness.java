package dev.kubicle.operator.console;

import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.console.auth.ApiTokenService;
import dev.kubicle.operator.console.auth.SessionService;
import dev.kubicle.operator.store.UserRecord;
import dev.kubicle.operator.store.Store;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real operator with the console mounted, on the embedded dev cluster (mock API), with the real SQLite store in a
 * temporary folder; callers talk to it over real HTTP. {@code dir} is kept for callers' own files.
 */
public final class ConsoleHarness implements AutoCloseable {
  public static final String IDP = "https://idp.test";
  public static final String GATEWAY_ENDPOINT = "gw.kubicle.test:51820";

  private final OperatorHarness operator;
  private final int port;

  private ConsoleHarness(OperatorHarness operator, int port) {
    this.operator = operator;
    this.port = port;
  }

  public static ConsoleHarness start(Path dir) {
    return start(dir, c -> c, null);
  }

  /**
   * @param settings adjusts the console settings (rate limits, body limit, OIDC)
   * @param devLoginUser the user of the one-time dev login, or null for none
   */
  public static ConsoleHarness start(Path dir, UnaryOperator<ConsoleConfig> settings, String devLoginUser) {
    int port = freePort();
    ConsoleConfig config = settings.apply(ConsoleConfig.forLoopback(port));
    // The operator's own store: SQLite in a temporary folder, made and removed by the operator harness.
    // A gateway endpoint, so device registration is available (no gateway runs: configs only name it).
    OperatorHarness operator = OperatorHarness.startWith(OperatorConfig.forTests().onLoopbackPort(port)
            .withNetwork(NetworkSettings.defaults().withGatewayEndpoint(GATEWAY_ENDPOINT)),
        op -> op.withConsole(config, devLoginUser, List.of()));
    return new ConsoleHarness(operator, port);
  }

  /**
   * With the local provisioner (workspaces are real agent processes under {@code workspaces}) and the one-time dev
   * login for {@code devLoginUser}: what make run serves, for the browser tests.
   */
  public static ConsoleHarness startWithLocalWorkspaces(Path workspaces, String devLoginUser) {
    int port = freePort();
    ConsoleConfig config = ConsoleConfig.forLoopback(port);
    // A gateway endpoint makes the device API usable (nothing listens there: the tests do not bring up a tunnel).
    OperatorConfig operatorConfig = OperatorConfig.forTests().onLoopbackPort(port).withNetwork(
        dev.kubicle.operator.network.NetworkSettings.defaults().withGatewayEndpoint("127.0.0.1:51820"));
    LocalProvisioner.Factory local = client -> new LocalProvisioner(workspaces,
        LocalProvisioner.defaultAgentCommand(Repository.agentJar()), operatorConfig.controlPlaneUrl(),
        new AgentTokenSecrets(client));
    OperatorHarness operator = OperatorHarness.startWith(operatorConfig, local,
        op -> op.withConsole(config, devLoginUser, List.of()));
    return new ConsoleHarness(operator, port);
  }

  public OperatorHarness operator() {
    return operator;
  }

  public Store store() {
    return operator.operator().store();
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /** A member with an API token (bearer requests need no CSRF token). */
  public Caller member(String name) {
    return withToken(name, false);
  }

  private Caller withToken(String name, boolean admin) {
    UserRecord user = store().users().login(IDP, "sub-" + name, name, name + "@example.com", Clock.systemUTC().instant());
    var created = new ApiTokenService(store().apiTokens(), Clock.systemUTC(), Duration.ofDays(1))
        .create(user.key(), user.name(), "test", null);
    return new Caller(base(), "Bearer " + created.token(), null, null);
  }

  /** A user signed in to the console: a session cookie and its CSRF token. */
  public Caller session(String name, boolean admin) {
    UserRecord user = store().users().login(IDP, "sub-" + name, name, name + "@example.com", Clock.systemUTC().instant());
    var created = new SessionService(store().sessions(), Clock.systemUTC(), Duration.ofHours(1))
        .create(user.key(), user.name(), admin);
    return new Caller(base(), null, "kubicle_session=" + created.cookieValue(), created.record().csrfToken());
  }

  public Caller anonymous() {
    return new Caller(base(), null, null, null);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  @Override
  public void close() {
    operator.close();
  }
}
