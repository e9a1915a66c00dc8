package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.kube.Json;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place Workspace status is written. It skips writes that change nothing, and writes with the cached
 * resourceVersion (optimistic locking): a reconcile working from a stale view fails with a conflict and is retried
 * on fresh data, instead of recording a build twice. The written object goes straight into the informer cache, so
 * the next reconcile sees it even before the watch event.
 */
public class WorkspaceStatusWriter {
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  /** Writes {@code status} if it differs from what {@code ws} has; returns the resource as it now stands. */
  public Workspace write(Workspace ws, WorkspaceStatus status, Context<Workspace> context) {
    if (Json.canonical(status).equals(Json.canonical(ws.getStatus()))) {
      skipped.incrementAndGet();
      return ws;
    }
    Workspace desired = Json.copy(ws, Workspace.class);
    desired.setStatus(status);
    Workspace updated = context.getClient().resource(desired).updateStatus();
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(ws), updated, ws);
    writes.incrementAndGet();
    return updated;
  }

  public long writes() {
    return writes.get();
  }

  public long skipped() {
    return skipped.get();
  }
}
