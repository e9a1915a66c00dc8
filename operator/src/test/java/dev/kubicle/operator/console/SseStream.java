package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server-sent events response read on a background thread over real HTTP, until the test closes it. */
public final class SseStream implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One event as received. */
  public record Event(String id, String name, JsonObject data) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  private final InputStream body;
  private volatile boolean ended;

  public SseStream(String url, String authorization, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    body = response.body();
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          events.add(new Event(id, name, new JsonObject(line.substring(6))));
          id = null;
          name = null;
        }
      }
    } catch (Exception e) {
      // the test closed the stream
    } finally {
      ended = true;
    }
  }

  public List<Event> named(String name) {
    return events.stream().filter(e -> name.equals(e.name())).toList();
  }

  /** Whether the server ended the response. */
  public boolean ended() {
    return ended;
  }

  @Override
  public void close() throws Exception {
    body.close();
  }
}
