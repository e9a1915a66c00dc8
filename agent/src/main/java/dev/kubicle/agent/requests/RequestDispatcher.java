package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.connection.FrameSink;
import dev.kubicle.agent.lifecycle.SessionCounter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes {@code request} frames to their methods and answers each id exactly once in effect (see AnswerStore). */
public final class RequestDispatcher {
  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  private final FrameSink sink;
  private final AnswerStore answers;
  private final SessionCounter sessions;
  private final ExecutorService workers;
  private final Map<String, Method> methods = new HashMap<>();

  /**
   * {@code inline} methods run on the receiving thread: quick ones whose order matters (PTY keystrokes must not
   * overtake each other). The rest run on workers and count as task sessions while they run.
   */
  private record Method(RequestHandler handler, boolean inline) {}

  public RequestDispatcher(FrameSink sink, AnswerStore answers, SessionCounter sessions, ExecutorService workers) {
    this.sink = sink;
    this.answers = answers;
    this.sessions = sessions;
    this.workers = workers;
  }

  public RequestDispatcher register(String method, RequestHandler handler) {
    methods.put(method, new Method(handler, false));
    return this;
  }

  public RequestDispatcher registerInline(String method, RequestHandler handler) {
    methods.put(method, new Method(handler, true));
    return this;
  }

  public void onRequest(JsonNode frame) {
    JsonNode idNode = frame.get("id");
    if (idNode == null || !idNode.isTextual() || idNode.asText().isEmpty()) {
      log.warn("ignoring a request without an id (method {})", frame.path("method").asText());
      return;
    }
    String id = idNode.asText();
    String methodName = frame.path("method").asText();
    AnswerStore.Claim claim = answers.claim(id);
    // The first claim and every repeat send the same stored answer once it exists.
    claim.answer().thenAccept(sink::send);
    if (!claim.first()) {
      log.debug("request {} repeated; answering from the store", id);
      return;
    }
    Method method = methods.get(methodName);
    if (method == null) {
      claim.answer().complete(error(id, "unknown_method", "unknown method: " + methodName));
    } else if (method.inline) {
      claim.answer().complete(run(id, method, frame.get("params")));
    } else {
      workers.execute(() -> {
        sessions.opened(SessionCounter.Kind.TASK);
        try {
          claim.answer().complete(run(id, method, frame.get("params")));
        } finally {
          sessions.closed(SessionCounter.Kind.TASK);
        }
      });
    }
  }

  private ObjectNode run(String id, Method method, JsonNode params) {
    try {
      ObjectNode result = method.handler.handle(params);
      ObjectNode response = Json.frame("response");
      response.put("id", id);
      response.set("result", result == null ? Json.MAPPER.createObjectNode() : result);
      return response;
    } catch (RequestError e) {
      return error(id, e.code(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(id, "internal", "interrupted");
    } catch (Exception e) {
      log.warn("request {} failed", id, e);
      return error(id, "internal", e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static ObjectNode error(String id, String code, String message) {
    ObjectNode response = Json.frame("response");
    response.put("id", id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return response;
  }
}
