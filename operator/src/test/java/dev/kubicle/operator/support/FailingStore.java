package dev.kubicle.operator.support;

import dev.kubicle.operator.store.AgentLogs;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditLog;
import dev.kubicle.operator.store.AuditQuery;
import dev.kubicle.operator.store.BuildLogs;
import dev.kubicle.operator.store.ForwardingStore;
import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.store.LogUsage;
import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.MonthlyUsage;
import dev.kubicle.operator.store.Store;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.TaskRecord;
import dev.kubicle.operator.store.TaskRecords;
import dev.kubicle.operator.store.TaskRef;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real store whose log, audit and task record writes can be made to fail as a broken database would (a StoreException, as
 * the JDBC store throws): the test switches failing on and off while the operator runs.
 */
public final class FailingStore extends ForwardingStore {
  private final AtomicBoolean logsFail = new AtomicBoolean();
  private final AtomicBoolean auditFails = new AtomicBoolean();
  private final AtomicBoolean taskRecordsFail = new AtomicBoolean();

  public FailingStore(Store store) {
    super(store);
  }

  public FailingStore failLogs(boolean fail) {
    logsFail.set(fail);
    return this;
  }

  public FailingStore failAudit(boolean fail) {
    auditFails.set(fail);
    return this;
  }

  public FailingStore failTaskRecords(boolean fail) {
    taskRecordsFail.set(fail);
    return this;
  }

  private static void maybeFail(AtomicBoolean failing, String what) {
    if (failing.get()) {
      throw new StoreException("the store could not " + what + ": [SQLITE_IOERR] disk I/O error (scripted)");
    }
  }

  @Override
  public BuildLogs buildLogs() {
    BuildLogs real = store.buildLogs();
    return new BuildLogs() {
      @Override
      public long append(String workspaceUid, long build, Instant at, List<String> lines) {
        maybeFail(logsFail, "append to a build log");
        return real.append(workspaceUid, build, at, lines);
      }

      @Override
      public List<LogLine> read(String workspaceUid, long build, long afterSeq, int limit) {
        return real.read(workspaceUid, build, afterSeq, limit);
      }

      @Override
      public long lastSeq(String workspaceUid, long build) {
        return real.lastSeq(workspaceUid, build);
      }

      @Override
      public LogUsage usage(String workspaceUid, long build) {
        return real.usage(workspaceUid, build);
      }

      @Override
      public void deleteWorkspace(String workspaceUid) {
        maybeFail(logsFail, "delete build logs");
        real.deleteWorkspace(workspaceUid);
      }
    };
  }

  @Override
  public AgentLogs agentLogs() {
    AgentLogs real = store.agentLogs();
    return new AgentLogs() {
      @Override
      public long append(String workspaceUid, String source, Instant at, List<String> lines) {
        maybeFail(logsFail, "append to an agent log");
        return real.append(workspaceUid, source, at, lines);
      }

      @Override
      public List<LogLine> read(String workspaceUid, long afterSeq, int limit) {
        return real.read(workspaceUid, afterSeq, limit);
      }

      @Override
      public long lastSeq(String workspaceUid) {
        return real.lastSeq(workspaceUid);
      }

      @Override
      public LogUsage usage(String workspaceUid) {
        return real.usage(workspaceUid);
      }

      @Override
      public void deleteWorkspace(String workspaceUid) {
        maybeFail(logsFail, "delete an agent log");
        real.deleteWorkspace(workspaceUid);
      }
    };
  }

  @Override
  public AuditLog audit() {
    AuditLog real = store.audit();
    return new AuditLog() {
      @Override
      public AuditEntry record(AuditEntry entry) {
        maybeFail(auditFails, "record an audit entry");
        return real.record(entry);
      }

      @Override
      public List<AuditEntry> query(AuditQuery query) {
        return real.query(query);
      }
    };
  }

  @Override
  public TaskRecords taskRecords() {
    TaskRecords real = store.taskRecords();
    return new TaskRecords() {
      @Override
      public TranscriptEntry append(TaskRef task, TranscriptEntry entry, long maxTaskBytes) {
        maybeFail(taskRecordsFail, "append to a task transcript");
        return real.append(task, entry, maxTaskBytes);
      }

      @Override
      public List<TranscriptEntry> transcript(String taskUid, int afterSeq, int limit) {
        maybeFail(taskRecordsFail, "read a task transcript");
        return real.transcript(taskUid, afterSeq, limit);
      }

      @Override
      public void modelCall(TaskRef task, ModelCallEntry call) {
        maybeFail(taskRecordsFail, "record a model call");
        real.modelCall(task, call);
      }

      @Override
      public void toolCall(TaskRef task, ToolCallEntry call) {
        maybeFail(taskRecordsFail, "record a tool call");
        real.toolCall(task, call);
      }

      @Override
      public List<TaskRecord<ModelCallEntry>> modelCalls(String taskUid, long afterId, int limit) {
        return real.modelCalls(taskUid, afterId, limit);
      }

      @Override
      public List<TaskRecord<ToolCallEntry>> toolCalls(String taskUid, long afterId, int limit) {
        return real.toolCalls(taskUid, afterId, limit);
      }

      @Override
      public List<MonthlyUsage> usage(YearMonth month, String owner) {
        return real.usage(month, owner);
      }
    };
  }
}
