package dev.kubicle.operator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.support.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server this test starts itself (skipped, with the reason, where no
 * PostgreSQL binaries are installed), plus what only a server has: addresses, users and passwords.
 */
class PostgresStoreTest extends StoreTaskRecordsContract {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    Assumptions.assumeTrue(PostgresServer.find().isPresent(), PostgresServer.MISSING);
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  StoreSettings freshDatabase(int retentionDays) {
    return StoreSettings.postgres(PostgresUrl.parse(server.newDatabase(), PostgresServer.USER, server.password()),
        retentionDays);
  }

  @Test
  void aPostgresUrlWithThePasswordFromTheEnvironmentWorks() {
    String jdbc = server.newDatabase();
    String database = jdbc.substring(jdbc.lastIndexOf('/') + 1);
    StoreSettings settings = StoreSettings.fromEnvironment(Map.of(
        "KUBICLE_STORE_URL", "postgres://" + PostgresServer.USER + "@127.0.0.1:" + server.port() + "/" + database,
        "KUBICLE_STORE_PASSWORD", server.password()));

    JdbcStore store = open(settings);
    store.buildLogs().append("ws", 1, T0, List.of("hello"));

    assertThat(store.buildLogs().read("ws", 1, 0, 10)).hasSize(1);
    assertThat(store.describe()).isEqualTo("postgresql://127.0.0.1:" + server.port() + "/" + database
        + " (user kubicle)").doesNotContain(server.password());
  }

  @Test
  void aWrongPasswordFailsTheStartSayingSoWithoutShowingIt() {
    String jdbc = server.newDatabase();
    StoreSettings settings = StoreSettings.postgres(PostgresUrl.parse(jdbc, PostgresServer.USER, "wrong-secret-42"),
        30);

    assertThatThrownBy(() -> JdbcStore.open(settings))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach the PostgreSQL store at postgresql://127.0.0.1:" + server.port())
        .hasMessageContaining("password authentication failed")
        .hasMessageContaining("KUBICLE_STORE_PASSWORD")
        .hasMessageNotContaining("wrong-secret-42");
  }

  @Test
  void anUnreachableServerFailsTheStartNamingTheAddressAndWhatToCheck() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    StoreSettings settings = StoreSettings.fromEnvironment(Map.of(
        "KUBICLE_STORE_URL", "postgres://kubicle:top-secret@127.0.0.1:" + closed + "/kubicle"));

    assertThatThrownBy(() -> JdbcStore.open(settings))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach the PostgreSQL store at postgresql://127.0.0.1:" + closed + "/kubicle")
        .hasMessageContaining("refused")
        .hasMessageContaining("KUBICLE_STORE_URL")
        .hasMessageNotContaining("top-secret");
  }
}
