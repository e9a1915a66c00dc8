package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpHeaders;
import java.util.Map;

/** One provider wire format: how a request is written, how its stream is read, and what an error body means. */
public interface WireFormat {
  /** The request body (streaming, with tools). */
  ObjectNode body(ModelRequest request);

  /** Headers besides content-type; the key goes here and nowhere else. */
  Map<String, String> headers(ModelRequest request);

  /** A fresh reader for one response stream. */
  StreamReader reader();

  /** The failure a non-2xx answer stands for. */
  ModelCallException httpError(int status, String body, HttpHeaders headers);

  /** Reads one response stream event by event, then says what the model answered. */
  interface StreamReader {
    /** @throws ModelCallException for an error event inside the stream */
    void event(String event, String data);

    /** @throws ModelCallException when the stream ended before its end marker (cut, truncated) */
    ModelReply finish();
  }
}
