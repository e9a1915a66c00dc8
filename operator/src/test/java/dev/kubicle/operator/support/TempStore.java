package dev.kubicle.operator.support;

import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.store.jdbc.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real SQLite store in a temp folder, for tests and benchmarks that build the operator themselves. */
public final class TempStore {
  private TempStore() {}

  /** Opens a fresh store; its folder is deleted when the JVM exits (the operator closes the store itself). */
  public static JdbcStore open() {
    try {
      Path dir = Files.createTempDirectory("kubicle-store-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "kubicle-temp-store-cleanup"));
      return JdbcStore.open(StoreSettings.sqlite(dir.resolve(StoreSettings.SQLITE_FILE),
          StoreSettings.DEFAULT_RETENTION_DAYS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
  }
}
