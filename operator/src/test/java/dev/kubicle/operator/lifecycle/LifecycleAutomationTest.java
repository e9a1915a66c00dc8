package dev.kubicle.operator.lifecycle;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AutostartOverride;
import dev.kubicle.api.v1alpha1.BuildReason;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.support.ManualClock;
import dev.kubicle.operator.support.OnConflict;
import dev.kubicle.operator.support.OperatorHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idle shutdown, autostart, failure cleanup and dormancy with a controlled clock and the real controller. */
class LifecycleAutomationTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2027-03-26T12:00:00Z")); // a Friday
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void workspaceStopsAtItsDeadlineWithReasonAutostopAndSaysSo() {
    start(lifecycle(l -> l.setDefaultTtl("8h")), "{}");
    harness.createWorkspace(OperatorHarness.workspace("idle", "timed", Map.of()));
    Workspace running = harness.awaitPhase("idle", WorkspacePhase.Running);
    Instant deadline = Instant.parse(running.getStatus().getDeadline());
    assertThat(deadline).isEqualTo(Instant.parse(running.getStatus().getCurrentBuild().getFinishedAt())
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofHours(8)));

    clock.advance(Duration.ofHours(7));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> harness.workspace("idle").getStatus().getPhase() == WorkspacePhase.Running);
    clock.advance(Duration.ofHours(1).plusSeconds(1));

    Workspace stopped = harness.awaitPhase("idle", WorkspacePhase.Stopped);
    assertThat(stopped.getSpec().getRunning()).isFalse();
    assertThat(stopped.getMetadata().getAnnotations()).containsEntry(Labels.STOPPED_BY, "autostop");
    assertThat(stopped.getStatus().getCurrentBuild().getReason()).isEqualTo(BuildReason.AUTOSTOP);
    assertThat(stopped.getStatus().getCurrentBuild().getInitiator()).isEqualTo("kubicle");
    assertThat(stopped.getStatus().getDeadline()).isNull();
    assertThat(harness.client().v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Autostop"));
  }

  @Test
  void autostartFollowsLocalTimeInBerlinAcrossTheSpringDstChange() {
    start(lifecycle(l -> { }), "{}");
    Workspace ws = OperatorHarness.workspace("morning", "timed", Map.of());
    ws.getSpec().setRunning(false);
    AutostartOverride schedule = new AutostartOverride();
    schedule.setSchedule("CRON_TZ=Europe/Berlin 0 8 * * *");
    ws.getSpec().setAutostart(schedule);
    harness.createWorkspace(ws);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.workspace("morning").getStatus() != null
        && "2027-03-27T07:00:00Z".equals(harness.workspace("morning").getStatus().getNextAutostart()));

    clock.set(Instant.parse("2027-03-27T07:00:01Z")); // 08:00 CET, Saturday
    Workspace started = harness.awaitPhase("morning", WorkspacePhase.Running);
    assertThat(started.getStatus().getCurrentBuild().getReason()).isEqualTo(BuildReason.AUTOSTART);

    setRunning("morning", false);
    harness.awaitPhase("morning", WorkspacePhase.Stopped);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "2027-03-28T06:00:00Z".equals(harness.workspace("morning").getStatus().getNextAutostart()));
    clock.set(Instant.parse("2027-03-28T06:00:01Z")); // 08:00 CEST, the Sunday the clocks went forward
    assertThat(harness.awaitPhase("morning", WorkspacePhase.Running).getStatus().getCurrentBuild().getReason())
        .isEqualTo(BuildReason.AUTOSTART);
  }

  @Test
  void dormantWorkspaceDoesNotAutostartAndIsDeletedLater() {
    start(lifecycle(l -> {
      l.setTimeTilDormant("24h");
      l.setTimeTilDormantAutodelete("72h");
    }), "{}");
    Workspace ws = OperatorHarness.workspace("forgotten", "timed", Map.of());
    AutostartOverride schedule = new AutostartOverride();
    schedule.setSchedule("0 9 * * 1-5");
    ws.getSpec().setAutostart(schedule);
    harness.createWorkspace(ws);
    harness.awaitPhase("forgotten", WorkspacePhase.Running);
    setRunning("forgotten", false);
    harness.awaitPhase("forgotten", WorkspacePhase.Stopped);

    clock.advance(Duration.ofHours(24).plusMinutes(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.workspace("forgotten").getStatus().getDormantAt() != null);
    clock.set(Instant.parse("2027-03-29T09:00:30Z")); // Monday 09:00 UTC: would autostart, but it is dormant
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
        harness.workspace("forgotten").getStatus().getPhase() == WorkspacePhase.Stopped);

    clock.advance(Duration.ofHours(72));
    harness.awaitGone("forgotten");
  }

  @Test
  void failedWorkspaceIsStoppedAfterTheFailureTtl() {
    start(lifecycle(l -> l.setFailureTtl("1h")), "{\"start\": {\"result\": \"failure\", \"message\": \"quota\"}}");
    harness.createWorkspace(OperatorHarness.workspace("broken", "timed", Map.of()));
    harness.awaitPhase("broken", WorkspacePhase.Failed);

    clock.advance(Duration.ofMinutes(61));
    Workspace stopped = harness.awaitPhase("broken", WorkspacePhase.Stopped);
    assertThat(stopped.getMetadata().getAnnotations()).containsEntry(Labels.STOPPED_BY, "failure");
    assertThat(stopped.getStatus().getCurrentBuild().getReason()).isEqualTo(BuildReason.FAILEDSTOP);
  }

  @Test
  void invalidScheduleStartsNoBuildAndNamesTheField() {
    start(lifecycle(l -> { }), "{}");
    Workspace ws = OperatorHarness.workspace("typo", "timed", Map.of());
    AutostartOverride schedule = new AutostartOverride();
    schedule.setSchedule("CRON_TZ=Mars/Olympus 0 8 * * *");
    ws.getSpec().setAutostart(schedule);
    harness.createWorkspace(ws);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var resolved = dev.kubicle.operator.kube.Conditions.find(harness.workspace("typo").getStatus().getConditions(),
          "TemplateResolved").orElseThrow(AssertionError::new);
      assertThat(resolved.getReason()).isEqualTo("InvalidSchedule");
      assertThat(resolved.getMessage()).contains("spec.autostart.schedule").contains("Mars/Olympus");
    });
    assertThat(harness.workspace("typo").getStatus().getCurrentBuild()).isNull();
  }

  @Test
  void restartedOperatorKeepsTheSchedule() {
    start(lifecycle(l -> l.setDefaultTtl("2h")), "{}");
    harness.createWorkspace(OperatorHarness.workspace("durable", "timed", Map.of()));
    harness.awaitPhase("durable", WorkspacePhase.Running);

    harness.stopOperator();
    clock.advance(Duration.ofHours(3));
    harness.startOperator();

    assertThat(harness.awaitPhase("durable", WorkspacePhase.Stopped).getStatus().getCurrentBuild().getReason())
        .isEqualTo(BuildReason.AUTOSTOP);
  }

  private void start(TemplateLifecycle lifecycle, String echo) {
    harness = OperatorHarness.start(OperatorConfig.forTests(), clock, (dev.kubicle.operator.provision.local.LocalProvisioner.Factory) null);
    Template template = OperatorHarness.echoTemplate("timed", echo);
    template.getSpec().setLifecycle(lifecycle);
    harness.createTemplate(template);
  }

  private static TemplateLifecycle lifecycle(Consumer<TemplateLifecycle> settings) {
    TemplateLifecycle lifecycle = new TemplateLifecycle();
    settings.accept(lifecycle);
    return lifecycle;
  }

  private void setRunning(String name, boolean running) {
    OnConflict.retry(() -> harness.client().resources(Workspace.class).inNamespace(NS).withName(name).edit(w -> {
      w.getSpec().setRunning(running);
      return w;
    }));
  }
}
