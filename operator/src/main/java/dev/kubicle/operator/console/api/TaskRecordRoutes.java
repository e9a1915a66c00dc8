package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.store.TranscriptEntry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * What a task did, from the store, for its owner or an admin (another member's task is a 404 like a missing one):
 * the transcript in pages and live as server-sent events (id = seq, so Last-Event-ID resumes after the last message
 * seen), and its model and tool calls.
 */
public final class TaskRecordRoutes implements ApiExtension {
  static final long POLL_MS = 500;
  static final int BATCH = 200;
  static final int MAX_PAGE = 500;

  private final Vertx vertx;
  private ApiContext api;
  private Access access;

  public TaskRecordRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void register(ApiContext api) {
    this.api = api;
    this.access = new Access(api.caches());
    String task = "/namespaces/:namespace/tasks/:name";
    api.route(HttpMethod.GET, task + "/transcript", this::transcript);
    api.route(HttpMethod.GET, task + "/model-calls", this::modelCalls);
    api.route(HttpMethod.GET, task + "/tool-calls", this::toolCalls);
    api.streamRoute(task + "/transcript/events", this::live);
  }

  private AgentTask task(RoutingContext ctx, Principal principal) {
    return access.task(ctx, principal, ctx.pathParam("namespace"), ctx.pathParam("name"));
  }

  /** Up to {@code limit} entries after {@code afterSeq}; {@code complete} says the task has ended and all were sent. */
  private void transcript(RoutingContext ctx, Principal principal) {
    AgentTask task = task(ctx, principal);
    boolean ended = TaskViews.ended(task);
    int after = (int) Math.min(ApiResponses.longParam(ctx, "afterSeq", 0), Integer.MAX_VALUE);
    int limit = ApiResponses.intParam(ctx, "limit", 100, 1, MAX_PAGE);
    List<TranscriptEntry> entries = api.store().taskRecords().transcript(task.getMetadata().getUid(), after, limit);
    JsonArray items = new JsonArray();
    entries.forEach(e -> items.add(TaskViews.entry(e)));
    int last = entries.isEmpty() ? after : entries.get(entries.size() - 1).seq();
    ApiResponses.json(ctx, 200, new JsonObject().put("items", items).put("afterSeq", last)
        .put("complete", ended && entries.size() < limit));
  }

  private void modelCalls(RoutingContext ctx, Principal principal) {
    AgentTask task = task(ctx, principal);
    long after = ApiResponses.longParam(ctx, "afterId", 0);
    var rows = api.store().taskRecords().modelCalls(task.getMetadata().getUid(), after,
        ApiResponses.intParam(ctx, "limit", 100, 1, MAX_PAGE));
    JsonArray items = new JsonArray();
    rows.forEach(r -> items.add(TaskViews.modelCall(r)));
    ApiResponses.json(ctx, 200, new JsonObject().put("items", items)
        .put("afterId", rows.isEmpty() ? after : rows.get(rows.size() - 1).id()));
  }

  private void toolCalls(RoutingContext ctx, Principal principal) {
    AgentTask task = task(ctx, principal);
    long after = ApiResponses.longParam(ctx, "afterId", 0);
    var rows = api.store().taskRecords().toolCalls(task.getMetadata().getUid(), after,
        ApiResponses.intParam(ctx, "limit", 100, 1, MAX_PAGE));
    JsonArray items = new JsonArray();
    rows.forEach(r -> items.add(TaskViews.toolCall(r)));
    ApiResponses.json(ctx, 200, new JsonObject().put("items", items)
        .put("afterId", rows.isEmpty() ? after : rows.get(rows.size() - 1).id()));
  }

  /**
   * Events: {@code message} per transcript entry (id = seq), {@code task} whenever the task's status changes (phase,
   * progress, usage), and {@code end} once the task has ended and every entry was sent.
   */
  private void live(RoutingContext ctx, Principal principal) {
    AgentTask task = task(ctx, principal);
    String namespace = task.getMetadata().getNamespace();
    String name = task.getMetadata().getName();
    String uid = task.getMetadata().getUid();
    int after = afterSeq(ctx);
    EventStream stream = new EventStream(vertx, ctx.response());
    int[] cursor = {after};
    boolean[] reading = {false};
    String[] version = {null};
    long timer = vertx.setPeriodic(POLL_MS, id -> {
      if (reading[0] || stream.closed()) {
        return;
      }
      reading[0] = true;
      // The task's state is read before the entries, so no entry stored before it ended can be missed.
      AgentTask now = api.caches().task(namespace, name).filter(t -> uid.equals(t.getMetadata().getUid()))
          .orElse(null);
      vertx.executeBlocking(() -> api.store().taskRecords().transcript(uid, cursor[0], BATCH), false)
          .onComplete(result -> {
            reading[0] = false;
            if (result.failed()) {
              stream.send(null, "error", new JsonObject().put("message", "the transcript cannot be read now"));
              stream.end();
              return;
            }
            List<TranscriptEntry> entries = result.result();
            for (TranscriptEntry entry : entries) {
              stream.send(String.valueOf(entry.seq()), "message", TaskViews.entry(entry));
              cursor[0] = entry.seq();
            }
            if (now != null && !now.getMetadata().getResourceVersion().equals(version[0])) {
              version[0] = now.getMetadata().getResourceVersion();
              stream.send(null, "task", Views.task(now));
            }
            if (entries.size() < BATCH && (now == null || TaskViews.ended(now))) {
              stream.send(null, "end", new JsonObject().put("afterSeq", cursor[0]).put("phase", now == null
                  ? "Deleted" : String.valueOf(now.getStatus().getPhase())));
              stream.end();
            }
          });
    });
    stream.onClose(() -> vertx.cancelTimer(timer));
  }

  private static int afterSeq(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    String text = header != null ? header : ctx.request().getParam("afterSeq");
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Last-Event-ID (or afterSeq) must be a message seq, got \"" + text + "\"",
          "afterSeq");
    }
  }

  @Override
  public JsonObject openApiPaths() {
    return OpenApiFragments.paths("openapi-task-records.json",
        "/namespaces/{namespace}/tasks/{name}/transcript",
        "/namespaces/{namespace}/tasks/{name}/transcript/events",
        "/namespaces/{namespace}/tasks/{name}/model-calls",
        "/namespaces/{namespace}/tasks/{name}/tool-calls");
  }
}
