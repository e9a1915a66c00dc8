package dev.kubicle.operator.bench;

/** `make bench`: runs every benchmark and prints its figures. */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[1].equals("console")) {
      quiet();
      ConsoleApiBenchmark.run(Integer.parseInt(args[0]), 300, args.length > 2 ? Integer.parseInt(args[2]) : 30);
      System.exit(0);
    }
    if (args.length > 1 && args[1].equals("gateway")) {
      quiet();
      GatewayBenchmark.run(Integer.parseInt(args[0]), 20);
      System.exit(0);
    }
    if (args.length > 1 && args[1].equals("tunnel")) {
      quiet();
      TunnelBenchmark.run(Integer.parseInt(args[0]), 64);
      System.exit(0);
    }
    if (args.length > 1 && args[1].equals("lifecycle")) {
      quiet();
      LifecycleBenchmark.stopPrecision(Integer.parseInt(args[0]));
      LifecycleBenchmark.activityWrites(Math.min(Integer.parseInt(args[0]), 100));
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals("agentflood")) {
      quiet();
      AgentFloodBenchmark.run(10, args.length > 1 ? Integer.parseInt(args[1]) : 60);
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals("regex")) {
      RegexBenchmark.run(2000);
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals("tasks")) {
      quiet();
      TaskBenchmark.run(200, 50, 20);
      System.exit(0);
    }
    quiet();
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    WorkspaceScaleBenchmark.run(count);
    AgentStartBenchmark.run(java.nio.file.Path.of("..", "agent", "target", "kubicle-agent.jar").toAbsolutePath()
        .normalize(), 3);
    AgentFleetBenchmark.run(count, 60);
    AgentFloodBenchmark.run(10, 60);
    LifecycleBenchmark.stopPrecision(count);
    LifecycleBenchmark.activityWrites(Math.min(count, 100));
    GatewayBenchmark.run(count, 20);
    TunnelBenchmark.run(2000, 64);
    ConsoleApiBenchmark.run(count, 300, 30);
    TaskBenchmark.run(200, 50, 20);
    RegexBenchmark.run(2000);
    System.exit(0);
  }

  /** Per-build log lines would dominate the run; the figures are what matter here. */
  private static void quiet() {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.kubicle"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
  }
}
