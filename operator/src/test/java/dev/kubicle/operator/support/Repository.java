package dev.kubicle.operator.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root from wherever Maven runs the tests (the root or operator/). */
public final class Repository {
  private Repository() {}

  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("Makefile")) && Files.isRegularFile(dir.resolve("helm/kubicle/Chart.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("the repository root (Makefile, helm/kubicle) is not above "
        + Path.of("").toAbsolutePath());
  }

  /** The agent jar, built before the operator's tests run (module order in the root pom). */
  public static Path agentJar() {
    return root().resolve("agent/target/kubicle-agent.jar");
  }
}
