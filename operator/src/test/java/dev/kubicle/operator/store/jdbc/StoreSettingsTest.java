package dev.kubicle.operator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.LogQuotas;
import dev.kubicle.operator.store.StoreException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the store's settings from the environment, and refusing bad ones with a message that helps. */
class StoreSettingsTest {

  @Test
  void withoutAUrlTheStoreIsSqliteInTheDataDir() {
    StoreSettings settings = StoreSettings.fromEnvironment(Map.of("KUBICLE_DATA_DIR", "/var/lib/kubicle"));

    assertThat(settings.dialect()).isEqualTo(Dialect.SQLITE);
    assertThat(settings.sqliteFile()).isEqualTo(Path.of("/var/lib/kubicle/kubicle.db"));
    assertThat(settings.retentionDays()).isEqualTo(30);
    assertThat(settings.describe()).isEqualTo("sqlite:/var/lib/kubicle/kubicle.db");
  }

  @Test
  void logQuotasReserveAndSqliteCapHaveDefaultsAndAreReadInMib() {
    StoreSettings defaults = StoreSettings.fromEnvironment(Map.of("KUBICLE_DATA_DIR", "/d"));
    assertThat(defaults.quotas()).isEqualTo(new LogQuotas(16L << 20, 16L << 20));
    assertThat(defaults.reserveBytes()).isEqualTo(64L << 20);
    assertThat(defaults.sqliteMaxBytes()).isZero();

    StoreSettings set = StoreSettings.fromEnvironment(Map.of("KUBICLE_DATA_DIR", "/d",
        "KUBICLE_STORE_BUILD_LOG_QUOTA_MIB", "4", "KUBICLE_STORE_AGENT_LOG_QUOTA_MIB", "0",
        "KUBICLE_STORE_RESERVE_MIB", "128", "KUBICLE_STORE_SQLITE_MAX_MIB", "2048"));
    assertThat(set.quotas()).isEqualTo(new LogQuotas(4L << 20, 0));
    assertThat(set.reserveBytes()).isEqualTo(128L << 20);
    assertThat(set.sqliteMaxBytes()).isEqualTo(2048L << 20);
  }

  @Test
  void aQuotaThatIsNotAWholeNumberOfMibIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("KUBICLE_STORE_BUILD_LOG_QUOTA_MIB", "16MB")))
        .isInstanceOf(StoreException.class)
        .hasMessage("KUBICLE_STORE_BUILD_LOG_QUOTA_MIB must be a whole number of MiB between 0 and 1048576; got '16MB'");
  }

  @Test
  void aPostgresUrlIsSplitIntoJdbcUrlUserAndPasswordAndShownWithoutThePassword() {
    StoreSettings settings = StoreSettings.fromEnvironment(Map.of(
        "KUBICLE_STORE_URL", "postgres://kubicle:p%40ss%3Aw0rd@db.example:6543/kubicle?sslmode=require",
        "KUBICLE_STORE_RETENTION_DAYS", "7"));

    assertThat(settings.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(settings.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/kubicle?sslmode=require");
    assertThat(settings.postgres().user()).isEqualTo("kubicle");
    assertThat(settings.postgres().password()).isEqualTo("p@ss:w0rd");
    assertThat(settings.retentionDays()).isEqualTo(7);
    assertThat(settings.describe()).isEqualTo("postgresql://db.example:6543/kubicle (user kubicle)");
    assertThat(settings.toString()).doesNotContain("w0rd");
    assertThat(settings.postgres().toString()).doesNotContain("w0rd");
  }

  @Test
  void thePasswordVariableWinsOverTheUrlsAndTheDefaultPortIs5432() {
    PostgresUrl url = PostgresUrl.parse("postgresql://app:from-url@db/kubicle", null, "from-secret");

    assertThat(url.password()).isEqualTo("from-secret");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/kubicle");
  }

  @Test
  void aJdbcUrlIsKeptAndTheUserComesFromItsVariable() {
    PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://db:5432/kubicle?ssl=true", "app", "secret");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/kubicle?ssl=true");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.display()).isEqualTo("postgresql://db:5432/kubicle");
  }

  @Test
  void anotherDatabaseSchemeIsRefusedNamingTheSchemeNotTheUrl() {
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("KUBICLE_STORE_URL", "mysql://u:secret@db/k")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("KUBICLE_STORE_URL must be a PostgreSQL URL")
        .hasMessageContaining("'mysql'")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aUrlWithoutDatabaseOrHostIsRefusedSayingWhatIsMissing() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u@db", null, null))
        .hasMessageContaining("names no database");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql:///kubicle", null, null))
        .hasMessageContaining("no host");
  }

  @Test
  void aRetentionThatIsNotAWholeNumberOfDaysIsRefused() {
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("KUBICLE_STORE_RETENTION_DAYS", "two weeks")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("KUBICLE_STORE_RETENTION_DAYS")
        .hasMessageContaining("'two weeks'");
    assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("KUBICLE_STORE_RETENTION_DAYS", "-1")))
        .hasMessageContaining("KUBICLE_STORE_RETENTION_DAYS");
    assertThat(StoreSettings.fromEnvironment(Map.of("KUBICLE_STORE_RETENTION_DAYS", "0")).retentionDays()).isZero();
  }
}
