package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The binding decision as a table: which live workspace a task bound to a UID may still act on. */
class WorkspaceBindingTest {
  private static final WorkspaceBinding ALICES_DEV = new WorkspaceBinding("team", "dev", "uid-1", "alice");

  @Test
  void theSameWorkspaceWithTheSameOwnerMayBeUsed() {
    assertThat(ALICES_DEV.judge(Optional.of(workspace("uid-1", "alice", false)))).isEmpty();
  }

  @Test
  void aMissingWorkspaceWasDeleted() {
    assertThat(ALICES_DEV.judge(Optional.empty())).get()
        .extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_DELETED);
  }

  @Test
  void aWorkspaceBeingDeletedCountsAsDeleted() {
    assertThat(ALICES_DEV.judge(Optional.of(workspace("uid-1", "alice", true)))).get()
        .extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_DELETED);
  }

  @Test
  void anotherUidUnderTheSameNameIsAReplacementEvenWithTheSameOwner() {
    var loss = ALICES_DEV.judge(Optional.of(workspace("uid-2", "alice", false)));
    assertThat(loss).get().extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
    assertThat(loss.get().message()).contains("uid-2").contains("uid-1");
  }

  @Test
  void anotherMembersWorkspaceUnderTheSameNameIsAReplacement() {
    assertThat(ALICES_DEV.judge(Optional.of(workspace("uid-2", "bob", false)))).get()
        .extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
  }

  @Test
  void theSameWorkspaceHandedToAnotherOwnerIsNoLongerTheTasks() {
    var loss = ALICES_DEV.judge(Optional.of(workspace("uid-1", "bob", false)));
    assertThat(loss).get().extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
    assertThat(loss.get().message()).contains("from alice to bob");
  }

  @Test
  void aBindingWithoutARecordedOwnerChecksTheUidOnly() {
    WorkspaceBinding uidOnly = new WorkspaceBinding("team", "dev", "uid-1", null);
    assertThat(uidOnly.judge(Optional.of(workspace("uid-1", "bob", false)))).isEmpty();
    assertThat(uidOnly.judge(Optional.of(workspace("uid-2", "alice", false)))).isPresent();
  }

  @Test
  void aSessionAdmittedForTheBoundWorkspaceMayRunToolCalls() {
    assertThat(ALICES_DEV.judgeSession("uid-1")).isEmpty();
  }

  @Test
  void aSessionOfAnotherWorkspaceUnderTheSameNameIsAReplacement() {
    var loss = ALICES_DEV.judgeSession("uid-2");
    assertThat(loss).get().extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
    assertThat(loss.get().message()).contains("uid-2").contains("uid-1");
  }

  @Test
  void aSessionOfUnknownWorkspaceIsNeverTrusted() {
    assertThat(ALICES_DEV.judgeSession(null)).get()
        .extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
  }

  @Test
  void anUnreadableWorkspaceEndsATaskThatActsForItsOwner() {
    Workspace unreadable = workspace("uid-1", "alice", false);
    unreadable.setSpec(null);
    assertThat(ALICES_DEV.judge(Optional.of(unreadable))).get()
        .extracting(WorkspaceBinding.Loss::reason).isEqualTo(TaskStopReason.ERROR);
  }

  private static Workspace workspace(String uid, String owner, boolean deleting) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("dev").withUid(uid)
        .withDeletionTimestamp(deleting ? "2026-12-06T06:00:00Z" : null).build());
    ws.getSpec().setOwner(owner);
    return ws;
  }
}
