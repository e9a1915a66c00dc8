package dev.kubicle.operator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on embedded SQLite, plus what only SQLite has: a file, its folder, its permissions. */
class SqliteStoreTest extends StoreTaskRecordsContract {
  @TempDir
  Path dir;
  private int files;

  @Override
  StoreSettings freshDatabase(int retentionDays) {
    return StoreSettings.sqlite(dir.resolve("db-" + (++files)).resolve("kubicle.db"), retentionDays);
  }

  @Test
  void theFileIsCreatedInWalModeReadableByTheOperatorOnly() throws Exception {
    StoreSettings settings = freshDatabase(30);
    JdbcStore store = open(settings);
    store.buildLogs().append("ws", 1, T0, List.of("x"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.sqliteFile())))
        .isEqualTo("rw-------");
    assertThat(Files.exists(Path.of(settings.sqliteFile() + "-wal"))).as("write-ahead log in use").isTrue();
    assertThat(store.describe()).isEqualTo("sqlite:" + settings.sqliteFile().toAbsolutePath());
  }

  @Test
  void aDataDirThatCannotBeCreatedFailsTheStartNamingThePathAndTheSetting() throws Exception {
    Path blocker = Files.writeString(dir.resolve("a-file"), "not a folder");

    assertThatThrownBy(() -> JdbcStore.open(StoreSettings.sqlite(blocker.resolve("data/kubicle.db"), 30)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(blocker.resolve("data").toString())
        .hasMessageContaining("KUBICLE_DATA_DIR");
  }

  @Test
  void aFileThatIsNotADatabaseFailsTheStartWithWhatToCheck() throws Exception {
    Path file = dir.resolve("garbage/kubicle.db");
    Files.createDirectories(file.getParent());
    Files.write(file, "this is not a SQLite database, just text that fills the header".repeat(20).getBytes());

    assertThatThrownBy(() -> JdbcStore.open(StoreSettings.sqlite(file, 30)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("KUBICLE_DATA_DIR");
  }
}
