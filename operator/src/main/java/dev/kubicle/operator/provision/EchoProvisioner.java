package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scripted build results without Jobs (Coder's echo provisioner): for tests and benchmarks only. The outcome
 * comes from the template's echo.json; a build "runs" for the scripted delay, counted from when it was recorded,
 * so a restarted operator finishes it at the same moment.
 */
public class EchoProvisioner implements Provisioner {
  private final Clock clock;
  private final Map<String, Instant> submitted = new ConcurrentHashMap<>();

  public EchoProvisioner(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void submit(BuildRequest request) {
    submitted.putIfAbsent(key(request), clock.instant());
  }

  @Override
  public BuildObservation observe(BuildRequest request) {
    Instant since = submitted.get(key(request));
    if (since == null) {
      if (request.build().getStartedAt() == null) {
        return BuildObservation.missing();
      }
      // Recorded before a restart: the build "started" when its record says so.
      since = Instant.parse(request.build().getStartedAt());
    }
    EchoScript.Step step;
    try {
      step = EchoScript.parse(request.snapshot().files().get(EchoScript.FILE)).step(request.build().getTransition());
    } catch (IllegalArgumentException e) {
      submitted.remove(key(request));
      return BuildObservation.failed(e.getMessage(), "");
    }
    Duration left = Duration.between(clock.instant(), since.plus(step.delay()));
    if (!left.isNegative() && !left.isZero()) {
      return BuildObservation.submitted(Optional.of(left));
    }
    submitted.remove(key(request));
    String log = String.join("\n", step.log());
    if (step.success()) {
      return BuildObservation.succeeded(log, step.outputs(), List.copyOf(step.outputs().keySet().isEmpty()
          ? List.of() : List.of("echo_resource.workspace")));
    }
    return BuildObservation.failed(step.message().isEmpty() ? "echo build failed as scripted" : step.message(), log);
  }

  @Override
  public void cleanup(Workspace workspace, boolean keepState) {
    String prefix = workspace.getMetadata().getUid() + "#";
    submitted.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private static String key(BuildRequest request) {
    return request.workspaceUid() + "#" + request.build().getNumber();
  }
}
