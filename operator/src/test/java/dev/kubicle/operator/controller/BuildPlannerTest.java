package dev.kubicle.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.support.OperatorHarness;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules that decide whether a workspace needs a build. */
class BuildPlannerTest {
  @Test
  void newRunningWorkspaceStartsAndNewStoppedOneDoesNothing() {
    assertThat(next(workspace(true, 1), Map.of())).contains(BuildTransition.START);
    assertThat(next(workspace(false, 1), Map.of())).isEmpty();
  }

  @Test
  void runningFlagDifferentFromLastBuildRunsTheOtherTransition() {
    Workspace ws = withLast(workspace(false, 2), BuildTransition.START, BuildPhase.Succeeded, 1);
    assertThat(next(ws, Map.of())).contains(BuildTransition.STOP);
  }

  @Test
  void failedBuildIsRetriedOnlyAfterASpecChange() {
    Workspace same = withLast(workspace(true, 1), BuildTransition.START, BuildPhase.Failed, 1);
    assertThat(next(same, Map.of())).isEmpty();
    Workspace edited = withLast(workspace(true, 2), BuildTransition.START, BuildPhase.Failed, 1);
    assertThat(next(edited, Map.of())).contains(BuildTransition.START);
  }

  @Test
  void runningWorkspaceIsRebuiltWhenParametersChangeButNotForOtherEdits() {
    Workspace ws = withLast(workspace(true, 2), BuildTransition.START, BuildPhase.Succeeded, 1);
    ws.getStatus().setParameters(Map.of("cpu", "2"));
    assertThat(next(ws, Map.of("cpu", "2"))).isEmpty();
    assertThat(next(ws, Map.of("cpu", "4"))).contains(BuildTransition.START);
  }

  @Test
  void changingThePinnedVersionRebuildsARunningWorkspace() {
    Workspace ws = withLast(workspace(true, 2), BuildTransition.START, BuildPhase.Succeeded, 1);
    ws.getStatus().setTemplateVersion("aaa");
    ws.getSpec().setTemplate(new TemplateRef("dev", "bbb"));
    assertThat(next(ws, Map.of())).contains(BuildTransition.START);
  }

  private static Optional<BuildTransition> next(Workspace ws, Map<String, String> values) {
    return BuildPlanner.next(ws, values, "v1");
  }

  private static Workspace workspace(boolean running, long generation) {
    Workspace ws = OperatorHarness.workspace("ws", "dev", Map.of());
    ws.getSpec().setRunning(running);
    ws.getMetadata().setGeneration(generation);
    return ws;
  }

  private static Workspace withLast(Workspace ws, BuildTransition transition, BuildPhase phase, long generation) {
    BuildRecord build = new BuildRecord();
    build.setNumber(1L);
    build.setTransition(transition);
    build.setPhase(phase);
    build.setGeneration(generation);
    ws.getStatus().setCurrentBuild(build);
    return ws;
  }
}
