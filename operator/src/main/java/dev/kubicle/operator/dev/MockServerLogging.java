package dev.kubicle.operator.dev;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/** Turns down the mock server's per-request logging so {@code make run} output stays readable. */
final class MockServerLogging {

  private static final List<String> NAMES = List.of(
      "io.fabric8.mockwebserver",
      "io.fabric8.kubernetes.client.server.mock");

  // java.util.logging holds loggers weakly: without these strong references a logger could be collected and
  // recreated at INFO, and the chatter would come back.
  private static final List<Logger> QUIETED = NAMES.stream().map(Logger::getLogger).toList();

  private MockServerLogging() {
  }

  static void quiet() {
    // The web server logs every request through java.util.logging at INFO.
    QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    // The CRUD store logs through SLF4J at DEBUG; logback without a config file prints DEBUG.
    for (String name : NAMES) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logback) {
        logback.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }
}
