package dev.kubicle.operator.task.llm;

/**
 * Server-sent events, line by line (the HTTP client splits on CR, LF or CRLF): "event:" and "data:" fields, a
 * blank line dispatches, comments are skipped, several data lines join with a newline.
 */
public final class SseParser {
  /** Receives each complete event. */
  public interface Listener {
    void event(String event, String data);
  }

  private final Listener listener;
  private String event;
  private StringBuilder data;

  public SseParser(Listener listener) {
    this.listener = listener;
  }

  public void line(String line) {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      return; // a comment: keep-alive padding
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      event = value;
    } else if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    }
  }

  /**
   * The body ended. A last event without its blank line is still dispatched: servers that end with
   * "data: [DONE]" and no newline are common, and the stream's own end marker decides whether it was complete.
   */
  public void end() {
    dispatch();
  }

  private void dispatch() {
    if (data != null) {
      listener.event(event == null ? "message" : event, data.toString());
    }
    event = null;
    data = null;
  }
}
