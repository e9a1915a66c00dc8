package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentCounters.Closing;
import dev.kubicle.operator.agentapi.AgentCounters.Frame;
import dev.kubicle.operator.agentapi.AgentCounters.FrameDrop;
import dev.kubicle.operator.agentapi.AgentCounters.LineDrop;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.store.LogWriter;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent connection's incoming frames, each checked against {@link AgentLimits} before it costs memory: what an
 * agent may not send is dropped and counted, or the connection is closed with a WebSocket close code and reason
 * (logged once). Runs on the connection's event loop, so its own fields need no locking.
 */
final class AgentChannel {
  static final Set<String> LOG_SOURCES = Set.of("startup_script", "shutdown_script", "agent");
  static final Set<String> LIFECYCLE_STATES = Set.of("created", "starting", "ready", "start_error", "start_timeout",
      "shutting_down", "off");
  private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);

  private final Workspace ws;
  private final ResourceID id;
  private final String name;
  private final ServerWebSocket socket;
  private final AgentConnection connection;
  private final AgentRegistry registry;
  private final AgentLimits limits;
  private final AgentCounters counters;
  private final LogWriter logs;
  private final MetadataGate metadata;
  private final LogGate logGate;
  private final Consumer<AgentChannel> manifest;
  private AgentSession session;
  private long lastHello = Long.MIN_VALUE;
  private int invalid;
  private boolean closing;
  private final java.util.EnumSet<FrameDrop> warned = java.util.EnumSet.noneOf(FrameDrop.class);

  /**
   * @param tokenHash the hash of the token the agent connected with (each start's token has its own log budget)
   * @param manifest sends the workspace's manifest (after a hello that is let through)
   */
  AgentChannel(Workspace ws, String tokenHash, ServerWebSocket socket, HttpConnection http, AgentRegistry registry, AgentLimits limits,
      AgentCounters counters, LogWriter logs, MetadataGate metadata, Consumer<AgentChannel> manifest) {
    this.ws = ws;
    this.id = ResourceID.fromResource(ws);
    this.name = id.getNamespace().orElse("") + "/" + id.getName();
    this.socket = socket;
    this.registry = registry;
    this.limits = limits;
    this.counters = counters;
    this.logs = logs;
    this.metadata = metadata;
    this.manifest = manifest;
    this.connection = new AgentConnection(socket, () -> {
      counters.closed(Closing.WRITE_QUEUE_FULL);
      LOG.warn("agent of {} does not read what the operator sends; closing its connection", name);
      abort(http);
    });
    this.logGate = registry.allowance(id).logs(tokenHash);
  }

  AgentConnection connection() {
    return connection;
  }

  Workspace workspace() {
    return ws;
  }

  String name() {
    return name;
  }

  void text(String text) {
    JsonNode frame;
    try {
      frame = Json.mapper().readTree(text);
    } catch (Exception e) {
      frame = null; // parsed once; what is not JSON is not looked at again
    }
    if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
      invalidFrame();
      return;
    }
    switch (frame.get("type").asText()) {
      case "hello" -> hello(frame);
      case "lifecycle" -> lifecycle(frame.path("state").asText());
      case "log" -> log(frame);
      case "metadata" -> metadata(frame);
      case "stats" -> stats(frame.path("sessions"));
      case "response" -> {
        if (!connection.response(frame)) {
          drop(Frame.RESPONSE, FrameDrop.UNKNOWN_ID);
        }
      }
      case "pty_output", "pty_exit" -> {
        if (!connection.pty(frame)) {
          drop(Frame.PTY, FrameDrop.UNKNOWN_PTY);
        }
      }
      default -> drop(Frame.UNKNOWN, FrameDrop.UNKNOWN_TYPE); // a newer agent may send more; old operators go on
    }
    if (session != null) {
      session.seen(Instant.now());
    }
  }

  /** Binary frames are not part of the protocol: whoever sends one is not our agent. */
  void binary() {
    drop(Frame.BINARY, FrameDrop.NOT_JSON);
    close(Closing.BINARY, (short) 1003, "binary frames are not part of the agent protocol");
  }

  /** Vert.x reports a message over the size limit as an exception on the socket. */
  void failed(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("max message size")) {
      close(Closing.MESSAGE_TOO_BIG, (short) 1009, "message larger than " + limits.maxMessageBytes() + " bytes");
    } else if (e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException) {
      close(Closing.FRAME_TOO_BIG, (short) 1009, "frame larger than " + limits.maxFrameBytes() + " bytes");
    } else {
      LOG.debug("agent connection of {} failed: {}", name, message);
    }
  }

  void closed() {
    connection.socketClosed();
    registry.disconnected(id, connection);
  }

  private void hello(JsonNode frame) {
    long now = System.nanoTime();
    if (session != null && now - lastHello < limits.helloInterval().toNanos()) {
      drop(Frame.HELLO, FrameDrop.REPEATED);
      return;
    }
    lastHello = now;
    if (session == null) {
      String version = frame.path("version").isTextual() ? cap(frame.get("version").asText(), 64) : null;
      session = registry.connected(id, ws.getMetadata().getUid(), connection, version);
      LOG.info("agent of {} connected (version {})", name, version == null ? "?" : version);
    }
    manifest.accept(this);
  }

  private void lifecycle(String state) {
    if (!LIFECYCLE_STATES.contains(state)) {
      drop(Frame.LIFECYCLE, FrameDrop.UNKNOWN_STATE);
      return;
    }
    registry.lifecycle(id, state);
    LOG.info("agent of {} is {}", name, state);
  }

  private void log(JsonNode frame) {
    JsonNode array = frame.path("lines");
    String source = frame.path("source").asText("agent");
    if (!LOG_SOURCES.contains(source)) {
      drop(Frame.LOG, FrameDrop.UNKNOWN_SOURCE);
      counters.linesDropped(LineDrop.UNKNOWN_SOURCE, array.size());
      return;
    }
    // Only as many lines as one frame may carry are turned into strings; the rest are counted, never copied.
    int take = Math.min(array.size(), limits.logLinesPerFrame());
    List<String> lines = new ArrayList<>(take);
    for (int i = 0; i < take; i++) {
      lines.add(array.get(i).asText());
    }
    LogGate.Admitted admitted = logGate.admit(lines);
    counters.linesDropped(LineDrop.FRAME, array.size() - take);
    admitted.dropped().forEach(counters::linesDropped);
    counters.linesTruncated(admitted.truncated());
    if (!admitted.lines().isEmpty()) {
      logs.agent(ws.getMetadata().getUid(), source, admitted.lines());
      if (session != null) {
        session.log(admitted.lines());
      }
    }
  }

  private void metadata(JsonNode frame) {
    if (session == null) {
      drop(Frame.METADATA, FrameDrop.BEFORE_HELLO);
      return;
    }
    String key = frame.path("key").asText();
    if (!metadata.declares(key)) {
      drop(Frame.METADATA, FrameDrop.UNDECLARED_KEY);
      return;
    }
    String value = frame.hasNonNull("error") ? "error: " + frame.get("error").asText()
        : frame.path("value").asText("");
    Optional<String> cut = metadata.cut(value);
    cut.ifPresent(v -> counters.metadataTruncated());
    session.metadata(key, cut.orElse(value));
  }

  private void stats(JsonNode sessions) {
    if (session == null) {
      drop(Frame.STATS, FrameDrop.BEFORE_HELLO);
      return;
    }
    session.stats(sessions, limits.statsKinds());
    if (session.sessions().values().stream().anyMatch(n -> n > 0)) {
      registry.activity(id);
    }
  }

  private void invalidFrame() {
    drop(Frame.INVALID, FrameDrop.NOT_JSON);
    if (++invalid > limits.invalidFrames()) {
      close(Closing.INVALID_FRAMES, (short) 1007, "more than " + limits.invalidFrames()
          + " frames that are not a JSON object with a type");
    }
  }

  private void drop(Frame type, FrameDrop reason) {
    counters.frameDropped(type, reason);
    if (warned.add(reason)) {
      LOG.warn("agent of {} sent a {} frame that is dropped ({}); later ones are only counted in {}", name,
          AgentCounters.label(type), AgentCounters.label(reason), AgentCounters.FRAMES_DROPPED);
    }
  }

  void close(Closing reason, short code, String why) {
    if (closing) {
      return;
    }
    closing = true;
    counters.closed(reason);
    LOG.warn("closing the agent connection of {}: {}", name, why);
    socket.close(code, why);
  }

  /**
   * Closes the TCP connection at once. {@link HttpConnection#close()} (and a close through Vert.x's own handler at
   * the end of the pipeline) first flushes what is queued, which an agent that does not read never lets happen; a
   * close from the pipeline's first handler goes straight to the socket.
   */
  private static void abort(HttpConnection http) {
    var first = http instanceof io.vertx.core.net.impl.ConnectionBase base
        ? base.channel().pipeline().firstContext() : null;
    if (first != null) {
      first.close();
    } else {
      http.close();
    }
  }

  private static String cap(String text, int chars) {
    return text.length() <= chars ? text : text.substring(0, chars);
  }
}
