package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.store.LogWriter;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent endpoint: authenticates the bearer token before the WebSocket upgrade, then keeps the agent's state
 * in the registry and sends it its manifest. Tokens are never logged.
 */
public class AgentSocketHandler {
  public static final String PATH = "/api/v1/agent/connect";
  private static final Logger LOG = LoggerFactory.getLogger(AgentSocketHandler.class);
  private static final long PING_MS = 15_000;
  private static final long SILENCE_MS = 45_000;

  private final Vertx vertx;
  private final AgentDirectory directory;
  private final AgentRegistry registry;
  private final UserKeys keys;
  private final Duration statsInterval;
  private final LogWriter logs;

  /** @param logs where the lines agents send go (the store), queued so the event loop never waits on it */
  public AgentSocketHandler(Vertx vertx, AgentDirectory directory, AgentRegistry registry, UserKeys keys,
      Duration statsInterval, LogWriter logs) {
    this.logs = logs;
    this.vertx = vertx;
    this.directory = directory;
    this.registry = registry;
    this.keys = keys;
    this.statsInterval = statsInterval;
  }

  public void handle(RoutingContext ctx) {
    if (!directory.ready()) {
      ctx.response().setStatusCode(503).putHeader("Retry-After", "2").end("control plane is starting\n");
      return;
    }
    String token = bearer(ctx.request().getHeader("Authorization"));
    Optional<Workspace> workspace = token == null ? Optional.empty()
        : directory.byTokenHash(AgentTokens.hash(token))
            .filter(ws -> AgentTokens.matches(ws.getStatus().getAgent().getTokenHash(), token));
    if (workspace.isEmpty()) {
      LOG.warn("refused agent connection from {}: {}", ctx.request().remoteAddress(),
          token == null ? "no bearer token" : "unknown or stale token");
      ctx.response().setStatusCode(401).end("unknown or stale agent token\n");
      return;
    }
    Workspace ws = workspace.get();
    ctx.request().toWebSocket().onSuccess(socket -> open(socket, ws))
        .onFailure(e -> LOG.warn("agent WebSocket upgrade failed: {}", e.getMessage()));
  }

  private void open(ServerWebSocket socket, Workspace ws) {
    ResourceID id = ResourceID.fromResource(ws);
    String name = id.getNamespace().orElse("") + "/" + id.getName();
    AgentConnection connection = new AgentConnection(socket);
    AtomicLong heardAt = new AtomicLong(System.currentTimeMillis());
    AgentSession[] session = new AgentSession[1];
    long pinger = vertx.setPeriodic(PING_MS, t -> {
      if (System.currentTimeMillis() - heardAt.get() > SILENCE_MS) {
        LOG.info("agent of {} silent for {} s; closing", name, SILENCE_MS / 1000);
        socket.close();
      } else {
        socket.writePing(Buffer.buffer("k"));
      }
    });
    socket.pongHandler(b -> heardAt.set(System.currentTimeMillis()));
    socket.textMessageHandler(text -> {
      heardAt.set(System.currentTimeMillis());
      JsonNode frame;
      try {
        frame = Json.mapper().readTree(text);
      } catch (Exception e) {
        LOG.warn("agent of {} sent a frame that is not JSON; ignoring it", name);
        return;
      }
      switch (frame.path("type").asText()) {
        case "hello" -> {
          session[0] = registry.connected(id, connection, frame.path("version").asText(null));
          LOG.info("agent of {} connected (version {})", name, frame.path("version").asText("?"));
          sendManifest(ws, connection);
        }
        case "lifecycle" -> {
          registry.lifecycle(id, frame.path("state").asText());
          LOG.info("agent of {} is {}", name, frame.path("state").asText());
        }
        case "log" -> {
          List<String> lines = lines(frame.path("lines"));
          logs.agent(ws.getMetadata().getUid(), frame.path("source").asText("agent"), lines);
          withSession(session, s -> s.log(lines));
        }
        case "metadata" -> withSession(session, s -> s.metadata(frame.path("key").asText(),
            frame.hasNonNull("error") ? "error: " + frame.get("error").asText() : frame.path("value").asText("")));
        case "stats" -> withSession(session, s -> {
          s.stats(frame.path("sessions"));
          if (s.sessions().values().stream().anyMatch(n -> n > 0)) {
            registry.activity(id);
          }
        });
        case "response" -> connection.response(frame);
        case "pty_output", "pty_exit" -> connection.pty(frame);
        default -> { } // newer agents may send more; ignoring keeps old operators working
      }
      withSession(session, s -> s.seen(java.time.Instant.now()));
    });
    socket.closeHandler(v -> {
      connection.socketClosed();
      vertx.cancelTimer(pinger);
      registry.disconnected(id, connection);
      LOG.info("agent of {} disconnected", name);
    });
  }

  private void sendManifest(Workspace ws, AgentConnection connection) {
    vertx.<ObjectNode>executeBlocking(() -> {
      List<String> authorized = keys.authorizedKeys(ws.getMetadata().getNamespace(), ws.getSpec().getOwner());
      ObjectNode frame = Json.mapper().createObjectNode();
      frame.put("type", "manifest");
      frame.set("manifest", ManifestBuilder.build(ws, directory.agentSettings(ws).orElse(null), authorized,
          statsInterval));
      return frame;
    }, false).onSuccess(connection::send)
        .onFailure(e -> LOG.warn("could not build the manifest for {}: {}", ws.getMetadata().getName(),
            e.getMessage()));
  }

  private static void withSession(AgentSession[] session, java.util.function.Consumer<AgentSession> action) {
    if (session[0] != null) {
      action.accept(session[0]);
    }
  }

  private static List<String> lines(JsonNode array) {
    List<String> lines = new ArrayList<>();
    array.forEach(l -> lines.add(l.asText()));
    return lines;
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
