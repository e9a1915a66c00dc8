package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.Secrets;
import dev.kubicle.operator.store.LogLine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Live updates as server-sent events. {@code /events/workspaces}: every change to a workspace the caller may see
 * (ids are "{@code <epoch>-<seq>}"; reconnecting with Last-Event-ID replays what was missed, or sends a fresh
 * snapshot when that is no longer possible). {@code .../builds/:build/logs/events}: a build's log lines as they
 * are stored (id = line seq, so Last-Event-ID resumes after the last line seen), then {@code end} when the build has
 * finished and every line was sent.
 */
public final class EventRoutes implements ApiExtension {
  static final long LOG_POLL_MS = 500;
  static final int LOG_BATCH = 500;

  private final Vertx vertx;
  private final WorkspaceFeed feed;
  /** Distinguishes this process's sequence numbers from those of an operator that ran before. */
  private final String epoch = Secrets.randomHex(4);
  private ApiContext api;
  private Access access;

  public EventRoutes(Vertx vertx, WorkspaceFeed feed) {
    this.vertx = vertx;
    this.feed = feed;
  }

  @Override
  public void register(ApiContext api) {
    this.api = api;
    this.access = new Access(api.caches());
    api.streamRoute("/events/workspaces", this::workspaces);
    api.streamRoute("/namespaces/:namespace/workspaces/:name/builds/:build/logs/events", this::buildLog);
  }

  private void workspaces(RoutingContext ctx, Principal principal) {
    EventStream stream = new EventStream(vertx, ctx.response());
    // Subscribe first, then catch up: a change in between is sent twice at worst, never lost.
    Runnable unsubscribe = feed.subscribe(change -> {
      if (principal.mayAccess(Views.owner(change.workspace()))) {
        send(stream, change);
      }
    });
    stream.onClose(unsubscribe);
    Optional<List<WorkspaceFeed.Change>> missed = resumeFrom(ctx.request().getHeader("Last-Event-ID"))
        .flatMap(feed::since);
    if (missed.isPresent()) {
      missed.get().stream().filter(c -> principal.mayAccess(Views.owner(c.workspace())))
          .forEach(c -> send(stream, c));
      return;
    }
    long at = feed.lastSeq();
    api.caches().workspaces().filter(ws -> principal.mayAccess(Views.owner(ws)))
        .forEach(ws -> stream.send(null, "workspace", Views.workspace(ws)));
    stream.send(epoch + "-" + at, "synced", new JsonObject().put("seq", at));
  }

  private void send(EventStream stream, WorkspaceFeed.Change change) {
    Workspace ws = change.workspace();
    String id = epoch + "-" + change.seq();
    if (change.deleted()) {
      stream.send(id, "deleted", new JsonObject().put("namespace", ws.getMetadata().getNamespace())
          .put("name", ws.getMetadata().getName()));
    } else {
      stream.send(id, "workspace", Views.workspace(ws));
    }
  }

  private Optional<Long> resumeFrom(String lastEventId) {
    if (lastEventId == null || !lastEventId.startsWith(epoch + "-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(lastEventId.substring(epoch.length() + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void buildLog(RoutingContext ctx, Principal principal) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    Workspace ws = access.workspace(ctx, principal, namespace, name);
    long number = WorkspaceReadRoutes.findBuild(ws, ctx.pathParam("build")).getNumber();
    long after = afterSeq(ctx);
    String uid = ws.getMetadata().getUid();
    EventStream stream = new EventStream(vertx, ctx.response());
    long[] cursor = {after};
    boolean[] reading = {false};
    long timer = vertx.setPeriodic(LOG_POLL_MS, id -> {
      if (reading[0] || stream.closed()) {
        return;
      }
      reading[0] = true;
      // Whether the build had ended is read before the lines, so no line stored after "end" can be missed.
      boolean endedBefore = api.caches().workspace(namespace, name).map(w -> ended(w, number)).orElse(true);
      vertx.executeBlocking(() -> api.store().buildLogs().read(uid, number, cursor[0], LOG_BATCH), false)
          .onComplete(result -> {
            reading[0] = false;
            if (result.failed()) {
              stream.send(null, "error", new JsonObject().put("message", "the build log cannot be read now"));
              stream.end();
              return;
            }
            List<LogLine> lines = result.result();
            for (LogLine line : lines) {
              stream.send(String.valueOf(line.seq()), "line", WorkspaceReadRoutes.line(line));
              cursor[0] = line.seq();
            }
            if (lines.size() < LOG_BATCH && endedBefore) {
              stream.send(null, "end", new JsonObject().put("build", number).put("afterSeq", cursor[0]));
              stream.end();
            }
          });
    });
    stream.onClose(() -> vertx.cancelTimer(timer));
  }

  private static boolean ended(Workspace ws, long number) {
    return WorkspaceReadRoutes.allBuilds(ws).stream().filter(b -> b.getNumber() != null && b.getNumber() == number)
        .findFirst().map(WorkspaceReadRoutes::finished).orElse(true);
  }

  private static long afterSeq(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    String text = header != null ? header : ctx.request().getParam("afterSeq");
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Last-Event-ID (or afterSeq) must be a line number, got \"" + text + "\"",
          "afterSeq");
    }
  }

}
