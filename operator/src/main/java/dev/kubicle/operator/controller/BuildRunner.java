package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildReason;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.provision.BuildObservation;
import dev.kubicle.operator.provision.BuildRequest;
import dev.kubicle.operator.provision.JobLogs;
import dev.kubicle.operator.provision.Provisioner;
import dev.kubicle.operator.provision.Provisioners;
import dev.kubicle.operator.store.LogTrouble;
import dev.kubicle.operator.store.LogWriter;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and follows builds. A build is recorded in status (written) before its provisioner is asked to act, so
 * after a crash the next reconcile finds the record and adopts the running build instead of starting another.
 */
public class BuildRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BuildRunner.class);
  private static final int MESSAGE_LOG_LINES = 15;

  private final Provisioners provisioners;
  private final EventRecorder events;
  private final BuildLogStore logs;
  private final Clock clock;
  private final AgentTokenSecrets tokens;
  private final AgentRegistry agents;
  private final LogWriter fullLogs;

  /** @param fullLogs where whole build logs go (the store); {@code logs} keeps the short tail in a ConfigMap */
  public BuildRunner(Provisioners provisioners, EventRecorder events, BuildLogStore logs, Clock clock,
      AgentTokenSecrets tokens, AgentRegistry agents, LogWriter fullLogs) {
    this.provisioners = provisioners;
    this.events = events;
    this.logs = logs;
    this.clock = clock;
    this.tokens = tokens;
    this.agents = agents;
    this.fullLogs = fullLogs;
  }

  /** A new build record, next in number, made current; the previous one moves to the bounded history. */
  public BuildRecord record(Workspace ws, WorkspaceStatus status, BuildTransition transition,
      TemplateSnapshot snapshot) {
    BuildRecord previous = status.getCurrentBuild();
    long number = previous == null ? 1 : previous.getNumber() + 1;
    BuildRecord build = new BuildRecord();
    build.setNumber(number);
    build.setTransition(transition);
    Optional<BuildReason> automatic = lifecycleReason(ws);
    build.setReason(automatic.orElseGet(() -> reason(ws)));
    build.setInitiator(automatic.isPresent() ? "kubicle" : initiator(ws));
    build.setTemplateVersion(snapshot.version());
    build.setGeneration(ws.getMetadata().getGeneration());
    build.setStartedAt(clock.instant().toString());
    Optional<Provisioner> provisioner = provisioners.find(snapshot.effectiveProvisioner());
    if (provisioner.isPresent()) {
      build.setPhase(BuildPhase.Pending);
      provisioner.get().jobName(ws, number).ifPresent(build::setJob);
      if (transition == BuildTransition.START && snapshot.agentEnabled()) {
        // Every start gets a fresh token, so a token from an earlier run stops working.
        tokens.issue(ws);
      } else if (transition == BuildTransition.START) {
        tokens.revoke(ws); // a start without an agent: no credential from an earlier run stays valid
      }
    } else {
      // No provisioner can run it here: fail now with the reason, rather than leave a build pending forever.
      build.setPhase(BuildPhase.Failed);
      build.setFinishedAt(build.getStartedAt());
      build.setMessage(provisioners.whyUnavailable(snapshot.effectiveProvisioner()));
      events.record(ws, EventReason.BuildFailed, "Build #" + number + " (" + transition.wireName() + ") failed: "
          + build.getMessage());
    }
    if (previous != null) {
      List<BuildRecord> history = new ArrayList<>(status.getBuilds());
      history.add(0, previous);
      while (history.size() > WorkspaceReconciler.BUILD_HISTORY) {
        history.remove(history.size() - 1);
      }
      status.setBuilds(history);
    }
    status.setCurrentBuild(build);
    return build;
  }

  /**
   * Upgrade from a release that kept the agent token's hash in {@code status.agent.tokenHash} (which others could
   * write): a running workspace's Secret that still holds that token is adopted as its current token, so its agent
   * keeps working; the field is then cleared and never read again. A stopped workspace's old token is not revived.
   */
  public void migrateLegacyToken(Workspace ws, WorkspaceStatus status) {
    if (status.getAgent() == null || status.getAgent().getTokenHash() == null) {
      return;
    }
    BuildRecord build = status.getCurrentBuild();
    if (build != null && build.getTransition() == BuildTransition.START && tokens.adoptLegacy(ws,
        status.getAgent().getTokenHash())) {
      LOG.info("agent token Secret adopted from the status of an earlier release");
    }
    status.getAgent().setTokenHash(null);
  }

  /** Asks the provisioner to run the current build (idempotent); a no-op when the build already failed. */
  public void submit(BuildRequest request) {
    if (request.build().getPhase().isFinished()) {
      return;
    }
    Optional<Provisioner> provisioner = provisioners.find(request.snapshot().effectiveProvisioner());
    if (provisioner.isPresent()) {
      trySubmit(provisioner.get(), request);
    }
  }

  /** Input the provisioner cannot turn into a build is the build's failure, not a reason to retry forever. */
  private Optional<String> trySubmit(Provisioner provisioner, BuildRequest request) {
    try {
      provisioner.submit(request);
      LOG.debug("build #{} ({}) submitted", request.build().getNumber(), request.build().getTransition().wireName());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("the build could not be prepared: " + e.getMessage());
    }
  }

  /** Looks at the current build and records what changed; returns when to look again, if the provisioner polls. */
  public Optional<java.time.Duration> follow(Workspace ws, WorkspaceStatus status, BuildRequest request) {
    BuildRecord build = status.getCurrentBuild();
    Optional<Provisioner> found = provisioners.find(request.snapshot().effectiveProvisioner());
    if (found.isEmpty()) {
      // Recorded by an operator that had this provisioner; this one does not (its settings changed).
      failed(ws, build, BuildObservation.failed(provisioners.whyUnavailable(
          request.snapshot().effectiveProvisioner()), ""));
      return Optional.empty();
    }
    Provisioner provisioner = found.get();
    BuildObservation seen = provisioner.observe(request);
    if (seen.state() == BuildObservation.State.MISSING) {
      // Recorded but never created (a crash between the two), or lost: submitting is idempotent.
      LOG.info("build #{} has nothing running; submitting it", build.getNumber());
      Optional<String> problem = trySubmit(provisioner, request);
      seen = problem.isPresent() ? BuildObservation.failed(problem.get(), "") : provisioner.observe(request);
    }
    switch (seen.state()) {
      case RUNNING -> build.setPhase(BuildPhase.Running);
      case SUCCEEDED -> succeeded(ws, status, build, request, seen);
      case FAILED -> failed(ws, build, seen);
      default -> { }
    }
    if (seen.isFinished() && !provisioner.streamsBuildLogs()) {
      // Its output arrives all at once: the store gets it now (once, even if this build is observed again).
      fullLogs.buildEnded(ws.getMetadata().getUid(), build.getNumber(), seen.log());
    }
    return seen.pollAfter();
  }

  private void succeeded(Workspace ws, WorkspaceStatus status, BuildRecord build, BuildRequest request,
      BuildObservation seen) {
    build.setPhase(BuildPhase.Succeeded);
    build.setFinishedAt(clock.instant().toString());
    build.setMessage("");
    saveLog(ws, build, seen.log());
    if (build.getTransition() == BuildTransition.START) {
      status.setTemplateVersion(build.getTemplateVersion());
      status.setParameters(new LinkedHashMap<>(persistentValues(request)));
    } else {
      // Stopped: the agent's token dies with the run (connected or not), and a lingering agent is cut off.
      tokens.revoke(ws);
      agents.revoke(ResourceID.fromResource(ws));
    }
    status.setOutputs(new LinkedHashMap<>(seen.outputs()));
    status.setResources(new ArrayList<>(seen.resources()));
    LOG.info("build #{} ({}) succeeded", build.getNumber(), build.getTransition().wireName());
  }

  private void failed(Workspace ws, BuildRecord build, BuildObservation seen) {
    build.setPhase(BuildPhase.Failed);
    build.setFinishedAt(clock.instant().toString());
    String tail = seen.log().isBlank() ? "" : "\n--- last lines of the build log ---\n"
        + JobLogs.lastLines(seen.log(), MESSAGE_LOG_LINES);
    build.setMessage(seen.message() + tail);
    saveLog(ws, build, seen.log());
    EventReason reason = build.getTransition() == BuildTransition.DELETE ? EventReason.DestroyFailed
        : EventReason.BuildFailed;
    events.record(ws, reason, "Build #" + build.getNumber() + " (" + build.getTransition().wireName()
        + ") failed: " + build.getMessage());
    LOG.warn("build #{} ({}) failed: {}", build.getNumber(), build.getTransition().wireName(), seen.message());
  }

  private void saveLog(Workspace ws, BuildRecord build, String log) {
    if (log != null && !log.isBlank()) {
      build.setLog(logs.save(ws, build.getNumber(), JobLogs.cap(log)));
    }
  }

  /** Why some of the workspace's log lines (agent, or the current build's) are not stored, if they are not. */
  public Optional<LogTrouble> logTrouble(Workspace ws, WorkspaceStatus status) {
    BuildRecord build = status.getCurrentBuild();
    return fullLogs.trouble(ws.getMetadata().getUid(), build == null ? 0 : build.getNumber());
  }

  /** The workspace is gone for good: so are its full build and agent logs. */
  public void forgetLogs(Workspace ws) {
    fullLogs.deleteWorkspace(ws.getMetadata().getUid());
  }

  /** Ephemeral values apply to one build only, so they are not kept as the workspace's values. */
  private static Map<String, String> persistentValues(BuildRequest request) {
    Map<String, String> values = new LinkedHashMap<>(request.parameters());
    request.snapshot().parameters().stream().filter(p -> p.isEphemeral()).forEach(p -> values.remove(p.getName()));
    return values;
  }

  /** The reason a lifecycle change recorded for exactly this generation (autostop, autostart, …), if any. */
  private static Optional<BuildReason> lifecycleReason(Workspace ws) {
    String value = annotation(ws, Labels.LIFECYCLE_ACTION);
    if (value == null || !value.contains("@")) {
      return Optional.empty();
    }
    String generation = value.substring(value.indexOf('@') + 1);
    if (!generation.equals(String.valueOf(ws.getMetadata().getGeneration()))) {
      return Optional.empty();
    }
    String name = value.substring(0, value.indexOf('@'));
    for (BuildReason reason : BuildReason.values()) {
      if (reason.name().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  private static BuildReason reason(Workspace ws) {
    String value = annotation(ws, Labels.BUILD_REASON);
    if (value != null) {
      for (BuildReason reason : BuildReason.values()) {
        if (reason.name().toLowerCase(Locale.ROOT).equals(value)) {
          return reason;
        }
      }
    }
    return BuildReason.INITIATOR;
  }

  private static String initiator(Workspace ws) {
    String value = annotation(ws, Labels.INITIATOR);
    if (value != null && !value.isBlank()) {
      return value;
    }
    return ws.getSpec().getOwner() == null ? "unknown" : ws.getSpec().getOwner();
  }

  private static String annotation(Workspace ws, String key) {
    Map<String, String> annotations = ws.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
