package dev.kubicle.operator.bench;

/** `make bench`: runs every benchmark and prints its figures. */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    // Per-build log lines would dominate the run; the figures are what matter here.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.kubicle"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    WorkspaceScaleBenchmark.run(count);
    AgentStartBenchmark.run(java.nio.file.Path.of("..", "agent", "target", "kubicle-agent.jar").toAbsolutePath()
        .normalize(), 3);
    AgentFleetBenchmark.run(count, 60);
    System.exit(0);
  }
}
