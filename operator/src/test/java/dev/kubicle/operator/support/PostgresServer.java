package dev.kubicle.operator.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started from the installed binaries (initdb + pg_ctl) in a temp folder, on a
 * free loopback port, with password authentication. As root it runs as the {@code postgres} OS user (PostgreSQL
 * refuses to run as root). {@link #find()} is empty when no binaries are installed; tests then skip with its reason.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "kubicle";
  private static final long COMMAND_TIMEOUT_S = 120;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final String password;
  private final boolean asPostgresUser;
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread shutdownHook;

  private PostgresServer(Path bin, Path dir, int port, String password, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.password = password;
    this.asPostgresUser = asPostgresUser;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
  }

  /** Where initdb and pg_ctl are, or why the tests that need them must skip. */
  public static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions.map(v -> v.resolve("bin"))
            .sorted(Comparator.comparing((Path p) -> versionOf(p)).reversed())
            .forEach(candidates::add);
      } catch (IOException e) {
        // fall through to the other places
      }
    }
    candidates.add(Path.of("/usr/local/bin"));
    candidates.add(Path.of("/usr/local/pgsql/bin"));
    return candidates.stream().filter(p -> Files.isExecutable(p.resolve("initdb"))
        && Files.isExecutable(p.resolve("pg_ctl"))).findFirst();
  }

  public static final String MISSING = "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin "
      + "or /usr/local/bin: install the Debian package postgresql (.ci/run does)";

  private static int versionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Initialises a cluster in a temp folder and starts it; call {@link #close()} to stop it and delete the folder. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = find().orElseThrow(() -> new IllegalStateException(MISSING));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("kubicle-pg-");
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    Files.writeString(dir.resolve("pwfile"), password + "\n", StandardCharsets.UTF_8);
    PostgresServer server = new PostgresServer(bin, dir, freePort(), password, root);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      if (root) {
        server.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
      }
      server.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
          "--auth=scram-sha-256", "--pwfile=" + dir.resolve("pwfile"), "--no-sync", "-E", "UTF8",
          "--locale=C"), true);
      server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
          "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
              + "-c synchronous_commit=off -c full_page_writes=off", "start"), true);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public String password() {
    return password;
  }

  /** A fresh, empty database for one test, as a jdbc:postgresql URL (credentials go separately). */
  public String newDatabase() {
    String name = "t" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asServerUser && asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path output = Files.createTempFile("kubicle-pg-cmd-", ".log");
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
          .directory(dir.toFile()).start();
      if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT_S + " s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", full) + " failed (exit " + process.exitValue() + "): "
            + Files.readString(output));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private void stopQuietly() {
    if (Files.exists(dir.resolve("data/postmaster.pid"))) {
      try {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
            "-w", "-t", "60", "stop"), true);
      } catch (IOException | InterruptedException e) {
        System.err.println("could not stop the test PostgreSQL server in " + dir + ": " + e.getMessage());
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
