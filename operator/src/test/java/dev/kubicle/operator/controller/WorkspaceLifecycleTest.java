package dev.kubicle.operator.controller;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.support.JobSimulator;
import dev.kubicle.operator.support.OnConflict;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.terraform.StateSecrets;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A workspace's life through Terraform Jobs, with the real operator against the mock API and a Job simulator. */
class WorkspaceLifecycleTest {
  private OperatorHarness harness;
  private JobSimulator jobs;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    jobs = new JobSimulator(harness.client());
    harness.createTemplate(OperatorHarness.terraformTemplate("dev"));
  }

  @AfterEach
  void stop() {
    jobs.close();
    harness.close();
  }

  @Test
  void workspaceGoesThroughStartStopStartAndDeleteKeepingTheVolumeOnStop() {
    harness.createWorkspace(OperatorHarness.workspace("alice-dev", "dev", Map.of("cpu", "4")));
    Workspace running = harness.awaitPhase("alice-dev", WorkspacePhase.Running);

    assertThat(running.getStatus().getCurrentBuild().getNumber()).isEqualTo(1);
    assertThat(running.getStatus().getCurrentBuild().getTransition()).isEqualTo(BuildTransition.START);
    assertThat(running.getStatus().getCurrentBuild().getInitiator()).isEqualTo("alice");
    assertThat(running.getStatus().getOutputs()).containsKeys("pod_name", "home_volume")
        .doesNotContainKey("db_password");
    assertThat(running.getStatus().getResources())
        .containsExactly("kubernetes_persistent_volume_claim.home", "kubernetes_pod.main");
    assertThat(Conditions.isTrue(running.getStatus().getConditions(), "Ready")).isTrue();
    assertThat(running.getStatus().getConditions()).extracting(c -> c.getType())
        .containsExactly("TemplateResolved", "Provisioned", "AgentConnected", "Ready");
    String startJob = running.getStatus().getCurrentBuild().getJob();
    assertThat(jobs.variables(startJob)).containsEntry("kubicle_start_count", 1)
        .containsEntry("kubicle_param_cpu", 4).containsEntry("kubicle_param_region", "eu")
        .containsEntry("kubicle_transition", "start");

    setRunning("alice-dev", false);
    Workspace stopped = harness.awaitPhase("alice-dev", WorkspacePhase.Stopped);
    assertThat(stopped.getStatus().getCurrentBuild().getTransition()).isEqualTo(BuildTransition.STOP);
    assertThat(jobs.variables(stopped.getStatus().getCurrentBuild().getJob()))
        .containsEntry("kubicle_start_count", 0).containsEntry("kubicle_transition", "stop");
    assertThat(stopped.getStatus().getResources()).containsExactly("kubernetes_persistent_volume_claim.home");
    assertThat(stopped.getStatus().getBuilds()).extracting(b -> b.getNumber()).containsExactly(1L);

    setRunning("alice-dev", true);
    Workspace again = harness.awaitPhase("alice-dev", WorkspacePhase.Running);
    assertThat(again.getStatus().getCurrentBuild().getNumber()).isEqualTo(3);

    String uid = again.getMetadata().getUid();
    harness.client().resource(again).delete();
    harness.awaitGone("alice-dev");
    assertThat(jobs.jobs()).extracting(j -> j.getMetadata().getLabels().get(Labels.TRANSITION))
        .containsExactly("start", "stop", "start", "delete");
    assertThat(harness.client().secrets().inNamespace(NS).withLabel(Labels.WORKSPACE_UID, uid).list().getItems())
        .isEmpty();
    assertThat(harness.client().secrets().inNamespace(NS).withName(StateSecrets.secretName(uid)).get()).isNull();
  }

  @Test
  void failedJobMakesTheWorkspaceFailedWithTheLogTailAndAWarningEvent() {
    jobs.script(job -> JobSimulator.Outcome.FAIL)
        .failureLog("Initializing provider plugins...\nError: pods \"ws\" is forbidden: exceeded quota: compute");
    harness.createWorkspace(OperatorHarness.workspace("quota", "dev", Map.of()));

    Workspace failed = harness.awaitPhase("quota", WorkspacePhase.Failed);

    assertThat(failed.getStatus().getCurrentBuild().getPhase()).isEqualTo(BuildPhase.Failed);
    assertThat(failed.getStatus().getMessage()).contains("failed").contains("exceeded quota: compute");
    assertThat(failed.getStatus().getCurrentBuild().getLog()).startsWith("configmap/");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(harness.client().v1().events().inNamespace(NS).list().getItems())
            .filteredOn(e -> "BuildFailed".equals(e.getReason()))
            .extracting(Event::getType, Event::getMessage)
            .anySatisfy(t -> {
              assertThat(t.toList().get(0)).isEqualTo("Warning");
              assertThat((String) t.toList().get(1)).contains("exceeded quota");
            }));
  }

  @Test
  void restartedOperatorAdoptsTheRunningJobInsteadOfStartingAnother() {
    jobs.script(job -> JobSimulator.Outcome.HOLD);
    harness.createWorkspace(OperatorHarness.workspace("survivor", "dev", Map.of()));
    await().atMost(Duration.ofSeconds(20)).until(() -> jobs.jobs().size() == 1);

    harness.stopOperator();
    harness.startOperator();
    String jobName = jobs.jobs().get(0).getMetadata().getName();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
        .until(() -> harness.client().batch().v1().jobs().inNamespace(NS).list().getItems().size() == 1);
    jobs.complete(NS, jobName);

    Workspace running = harness.awaitPhase("survivor", WorkspacePhase.Running);
    assertThat(running.getStatus().getCurrentBuild().getJob()).isEqualTo(jobName);
    assertThat(jobs.jobs()).hasSize(1);
  }

  @Test
  void invalidParameterValueStartsNoBuildAndNamesTheParameterAndRule() {
    harness.createWorkspace(OperatorHarness.workspace("greedy", "dev", Map.of("cpu", "64")));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Workspace ws = harness.workspace("greedy");
      assertThat(ws.getStatus()).isNotNull();
      var resolved = Conditions.find(ws.getStatus().getConditions(), "TemplateResolved").orElseThrow(AssertionError::new);
      assertThat(resolved.getStatus()).isEqualTo("False");
      assertThat(resolved.getReason()).isEqualTo("InvalidParameters");
      assertThat(resolved.getMessage()).contains("cpu").contains("at most 8");
    });
    assertThat(harness.workspace("greedy").getStatus().getCurrentBuild()).isNull();
    assertThat(jobs.jobs()).isEmpty();
  }

  @Test
  void missingTemplateIsNamedInTheCondition() {
    harness.createWorkspace(OperatorHarness.workspace("orphan", "no-such-template", Map.of()));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Workspace ws = harness.workspace("orphan");
      assertThat(ws.getStatus()).isNotNull();
      assertThat(ws.getStatus().getPhase()).isEqualTo(WorkspacePhase.Pending);
      var resolved = Conditions.find(ws.getStatus().getConditions(), "TemplateResolved").orElseThrow(AssertionError::new);
      assertThat(resolved.getReason()).isEqualTo("TemplateNotFound");
      assertThat(resolved.getMessage()).contains("\"no-such-template\"").contains("namespace default");
    });

    harness.createTemplate(OperatorHarness.terraformTemplate("no-such-template"));
    harness.awaitPhase("orphan", WorkspacePhase.Running);
  }

  @Test
  void workspaceWithoutTemplateNameIsToldWhatIsMissingAndOthersCarryOn() {
    // A blank name: the schema requires spec.template (the API refuses a Workspace without it, as a cluster does),
    // but not that its name be non-empty.
    Workspace broken = OperatorHarness.workspace("nameless", "dev", Map.of());
    broken.getSpec().setTemplate(new dev.kubicle.api.v1alpha1.TemplateRef("", null));
    harness.createWorkspace(broken);
    harness.createWorkspace(OperatorHarness.workspace("fine", "dev", Map.of()));

    harness.awaitPhase("fine", WorkspacePhase.Running);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(harness.workspace("nameless").getStatus().getMessage()).contains("spec.template.name is required"));
  }

  @Test
  void agentThatNeverConnectsTimesOutWithAReasonSayingWhatToCheck() {
    Template withAgent = OperatorHarness.terraformTemplate("agentful");
    withAgent.getSpec().getAgent().setEnabled(true);
    withAgent.getSpec().setLifecycle(new dev.kubicle.api.v1alpha1.TemplateLifecycle());
    withAgent.getSpec().getLifecycle().setAgentConnectionTimeout("2s");
    harness.createTemplate(withAgent);
    harness.createWorkspace(OperatorHarness.workspace("silent", "agentful", Map.of()));

    Workspace running = harness.awaitPhase("silent", WorkspacePhase.Running);
    String token = new dev.kubicle.operator.agentapi.AgentTokenSecrets(harness.client()).current(running).orElseThrow();
    assertThat(jobs.variables(running.getStatus().getCurrentBuild().getJob()).get("kubicle_agent_token"))
        .isEqualTo(token);
    assertThat(running.getStatus().getAgent() == null ? null : running.getStatus().getAgent().getTokenHash())
        .as("no credential in status").isNull();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var agent = Conditions.find(harness.workspace("silent").getStatus().getConditions(), "AgentConnected")
          .orElseThrow(AssertionError::new);
      assertThat(agent.getReason()).isEqualTo("Timeout");
      assertThat(agent.getMessage()).contains("kubicle_agent_init_command").contains("http://127.0.0.1:8080");
    });
    assertThat(Conditions.isTrue(harness.workspace("silent").getStatus().getConditions(), "Ready")).isFalse();
  }

  @Test
  void templateInUseIsKeptUntilItsWorkspacesAreGone() {
    harness.createWorkspace(OperatorHarness.workspace("user", "dev", Map.of()));
    harness.awaitPhase("user", WorkspacePhase.Running);

    harness.client().resource(harness.template("dev")).delete();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Conditions.find(harness.template("dev").getStatus().getConditions(), "Valid")
            .orElseThrow(AssertionError::new).getMessage()).contains("still used by 1 workspace(s): user"));
    assertThat(harness.client().configMaps().inNamespace(NS).withLabel(Labels.SNAPSHOT, "true").list().getItems())
        .isNotEmpty();

    harness.client().resource(harness.workspace("user")).delete();
    harness.awaitGone("user");
    harness.operator().close(); // the template's recheck runs every 30 s; a restart checks at once
    harness.startOperator();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.template("dev") == null);
  }

  @Test
  void workspaceStopsEvenWhenItsSpecIsInvalid() {
    harness.createWorkspace(OperatorHarness.workspace("stranded", "dev", Map.of("cpu", "4")));
    harness.awaitPhase("stranded", WorkspacePhase.Running);

    OnConflict.retry(() -> harness.client().resources(Workspace.class).inNamespace(NS).withName("stranded")
        .edit(ws -> {
          ws.getSpec().setRunning(false);
          ws.getSpec().getParameters().put("cpu", "64");
          return ws;
        }));

    Workspace stopped = harness.awaitPhase("stranded", WorkspacePhase.Stopped);
    assertThat(jobs.variables(stopped.getStatus().getCurrentBuild().getJob()))
        .containsEntry("kubicle_start_count", 0).containsEntry("kubicle_param_cpu", 4);
  }

  @Test
  void templateChangeMarksRunningWorkspaceOutdatedWithoutRebuilding() {
    harness.createWorkspace(OperatorHarness.workspace("steady", "dev", Map.of()));
    harness.awaitPhase("steady", WorkspacePhase.Running);

    Template template = harness.template("dev");
    template.getSpec().getFiles().put("extra.tf", "# a change\n");
    harness.client().resource(template).update();

    await().atMost(Duration.ofSeconds(20)).until(() ->
        Boolean.TRUE.equals(harness.workspace("steady").getStatus().getOutdated()));
    assertThat(harness.workspace("steady").getStatus().getCurrentBuild().getNumber()).isEqualTo(1);
    assertThat(jobs.jobs()).hasSize(1);
  }

  @Test
  void destroyThatKeepsFailingCanBeOrphanedByAnnotation() {
    harness.createWorkspace(OperatorHarness.workspace("stuck", "dev", Map.of()));
    harness.awaitPhase("stuck", WorkspacePhase.Running);
    jobs.script(job -> JobSimulator.Outcome.FAIL).failureLog("Error: the cluster refused to delete the volume");

    harness.client().resource(harness.workspace("stuck")).delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Workspace ws = harness.workspace("stuck");
      assertThat(ws.getStatus().getPhase()).isEqualTo(WorkspacePhase.Failed);
      assertThat(ws.getStatus().getMessage()).contains("refused to delete").contains(Labels.ORPHAN_ON_DELETE);
    });

    OnConflict.retry(() -> harness.client().resources(Workspace.class).inNamespace(NS).withName("stuck")
        .edit(ws -> {
          var annotations = new java.util.HashMap<String, String>();
          if (ws.getMetadata().getAnnotations() != null) {
            annotations.putAll(ws.getMetadata().getAnnotations());
          }
          annotations.put(Labels.ORPHAN_ON_DELETE, "true");
          ws.getMetadata().setAnnotations(annotations);
          return ws;
        }));
    harness.awaitGone("stuck");
    String uid = harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Orphaned".equals(e.getReason())).findFirst().orElseThrow().getInvolvedObject().getUid();
    assertThat(harness.client().secrets().inNamespace(NS).withName(StateSecrets.secretName(uid)).get())
        .as("an orphaned workspace keeps its Terraform state").isNotNull();
    assertThat(harness.client().secrets().inNamespace(NS).withLabel(Labels.BUILD).list().getItems()).isEmpty();
  }

  private void setRunning(String name, boolean running) {
    // As `kubectl patch` would: a merge patch without a resourceVersion. An edit() carries the version it read, and
    // the operator may write status in between, which the dev cluster answers with 409 as a real server does.
    harness.client().resources(Workspace.class).inNamespace(NS).withName(name)
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"running\":" + running + "}}");
  }
}
