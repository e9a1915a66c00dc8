package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentCounters.Closing;
import dev.kubicle.operator.agentapi.AgentCounters.Refusal;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.store.LogWriter;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent endpoint: authenticates the bearer token and rate-limits connection attempts per workspace before the
 * WebSocket upgrade, then hands the connection's frames to an {@link AgentChannel}. The manifest is built from
 * informer caches only. Tokens are never logged.
 */
public class AgentSocketHandler {
  public static final String PATH = "/api/v1/agent/connect";
  private static final Logger LOG = LoggerFactory.getLogger(AgentSocketHandler.class);
  private static final long PING_MS = 15_000;
  private static final long SILENCE_MS = 45_000;
  private static final long REFUSAL_LOG_EVERY_NANOS = 60_000_000_000L;

  private final Vertx vertx;
  private final AgentDirectory directory;
  private final AgentRegistry registry;
  private final UserKeys keys;
  private final Duration statsInterval;
  private final LogWriter logs;
  private final AgentLimits limits;
  private final AgentCounters counters;
  private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_EVERY_NANOS);
  /** The open agent connections, so a change of an owner's keys reaches them (bounded by connected agents). */
  private final java.util.Set<AgentChannel> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** @param logs where the lines agents send go (the store), queued so the event loop never waits on it */
  public AgentSocketHandler(Vertx vertx, AgentDirectory directory, AgentRegistry registry, UserKeys keys,
      Duration statsInterval, LogWriter logs, AgentLimits limits, AgentCounters counters) {
    this.logs = logs;
    this.vertx = vertx;
    this.directory = directory;
    this.registry = registry;
    this.keys = keys;
    this.statsInterval = statsInterval;
    this.limits = limits;
    this.counters = counters;
  }

  public AgentLimits limits() {
    return limits;
  }

  public void handle(RoutingContext ctx) {
    if (!directory.ready()) {
      counters.refused(Refusal.STARTING);
      ctx.response().setStatusCode(503).putHeader("Retry-After", "2").end("control plane is starting\n");
      return;
    }
    String token = bearer(ctx.request().getHeader("Authorization"));
    String tokenHash = token == null ? null : AgentTokens.hash(token);
    Optional<Workspace> workspace = tokenHash == null ? Optional.empty() : directory.byTokenHash(tokenHash);
    if (workspace.isEmpty()) {
      counters.refused(Refusal.TOKEN);
      long now = System.nanoTime();
      long last = lastRefusalLog.get();
      // Anyone can knock without a token: the log says so at most once a minute, the counter counts every one.
      if (now - last >= REFUSAL_LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
        LOG.warn("refused agent connection from {}: {} (further refusals this minute are only counted in {})",
            ctx.request().remoteAddress(), token == null ? "no bearer token" : "unknown or stale token",
            AgentCounters.CONNECTIONS_REFUSED);
      }
      ctx.response().setStatusCode(401).end("unknown or stale agent token\n");
      return;
    }
    Workspace ws = workspace.get();
    if (ws.unreadable().isPresent() || ws.getSpec() == null) {
      // Its owner cannot be known, so no keys and no manifest; the agent retries and gets in once it is fixed.
      counters.refused(Refusal.UNREADABLE);
      ctx.response().setStatusCode(409).putHeader("Retry-After", "30")
          .end("the workspace cannot be read (" + ws.unreadable().map(u -> u.message()).orElse("spec: missing")
              + "); fix it and the agent will reconnect\n");
      return;
    }
    WorkspaceAllowance allowance = registry.allowance(ResourceID.fromResource(ws));
    if (!allowance.mayConnect()) {
      // Before the upgrade and the manifest: a reconnect storm costs a hash and a map lookup per attempt.
      counters.refused(Refusal.RATE);
      ctx.response().setStatusCode(429).putHeader("Retry-After", Long.toString(allowance.retryAfterSeconds()))
          .end("too many agent connections for this workspace; retry later\n");
      return;
    }
    HttpConnection http = ctx.request().connection();
    ctx.request().toWebSocket().onSuccess(socket -> open(socket, http, ws, tokenHash, allowance))
        .onFailure(e -> LOG.warn("agent WebSocket upgrade failed: {}", e.getMessage()));
  }

  private void open(ServerWebSocket socket, HttpConnection http, Workspace ws, String tokenHash,
      WorkspaceAllowance allowance) {
    socket.setWriteQueueMaxSize(limits.writeQueueBytes());
    AgentChannel channel = new AgentChannel(ws, tokenHash, socket, http, registry, limits, counters, logs,
        MetadataGate.of(directory.agentSettings(ws).orElse(null), limits), this::sendManifest);
    open.add(channel);
    AgentConnection previous = allowance.replaceWith(channel.connection());
    if (previous != null && previous.isOpen()) {
      counters.closed(Closing.REPLACED);
      previous.close((short) 1000, "replaced by a newer connection of the same workspace");
    }
    AtomicLong heardAt = new AtomicLong(System.currentTimeMillis());
    long pinger = vertx.setPeriodic(PING_MS, t -> {
      if (System.currentTimeMillis() - heardAt.get() > SILENCE_MS) {
        LOG.info("agent of {} silent for {} s; closing", channel.name(), SILENCE_MS / 1000);
        socket.close();
      } else {
        socket.writePing(Buffer.buffer("k"));
      }
    });
    socket.pongHandler(b -> heardAt.set(System.currentTimeMillis()));
    socket.textMessageHandler(text -> {
      heardAt.set(System.currentTimeMillis());
      channel.text(text);
      long pauseNanos = allowance.readPause(text.length());
      if (pauseNanos > 0) {
        // Over its read rate: stop reading this socket for a while; TCP makes the agent wait, not the operator.
        socket.pause();
        vertx.setTimer(Math.max(1, pauseNanos / 1_000_000), t -> socket.resume());
      }
    });
    socket.binaryMessageHandler(b -> channel.binary());
    socket.exceptionHandler(channel::failed);
    // A frame over the size limit is reported on the connection, not on the socket.
    http.exceptionHandler(channel::failed);
    socket.closeHandler(v -> {
      open.remove(channel);
      vertx.cancelTimer(pinger);
      channel.closed();
      LOG.info("agent of {} disconnected", channel.name());
    });
  }

  /**
   * A user's keys ConfigMap changed: every agent of a workspace that user owns in that namespace, connected and past
   * its hello, gets a fresh manifest, so a removed key stops logging in at once (not at the next reconnect).
   */
  public void keysChanged(String namespace, String configMapName) {
    for (AgentChannel channel : open) {
      Workspace ws = channel.workspace();
      ResourceID id = ResourceID.fromResource(ws);
      boolean greeted = registry.session(id).filter(s -> s.connection() == channel.connection()).isPresent();
      if (greeted && namespace.equals(ws.getMetadata().getNamespace()) && ws.getSpec() != null
          && UserKeys.isNameOf(configMapName, ws.getSpec().getOwner())) {
        LOG.info("keys of {} changed; sending a new manifest to the agent of {}", ws.getSpec().getOwner(),
            channel.name());
        sendManifest(channel);
      }
    }
  }

  private void sendManifest(AgentChannel channel) {
    Workspace ws = channel.workspace();
    vertx.<ObjectNode>executeBlocking(() -> {
      List<String> authorized = keys.authorizedKeys(ws.getMetadata().getNamespace(), ws.getSpec().getOwner());
      ObjectNode frame = Json.mapper().createObjectNode();
      frame.put("type", "manifest");
      frame.set("manifest", ManifestBuilder.build(ws, directory.agentSettings(ws).orElse(null), authorized,
          statsInterval));
      return frame;
    }, false).onSuccess(channel.connection()::send)
        .onFailure(e -> LOG.warn("could not build the manifest for {}: {}", channel.name(), e.getMessage()));
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
