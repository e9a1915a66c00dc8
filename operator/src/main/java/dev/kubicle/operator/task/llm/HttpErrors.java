package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.operator.kube.Json;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** What both wire formats share about failures: which HTTP statuses are worth a retry and how long to wait. */
final class HttpErrors {
  /** 408 timeout, 409 (Anthropic's "lock" conflicts), 429 rate limit, 5xx, 529 Anthropic overloaded. */
  private static final Set<Integer> RETRYABLE = Set.of(408, 409, 429, 500, 502, 503, 504, 529);
  private static final int BODY_IN_MESSAGE = 300;

  private HttpErrors() {}

  static ModelCallException from(String provider, int status, String body, HttpHeaders headers) {
    JsonNode error = parse(body).path("error");
    String type = error.path("type").asText(error.path("code").asText(""));
    String message = error.path("message").asText("");
    if (message.isEmpty()) {
      message = body == null ? "" : body.strip();
      if (message.length() > BODY_IN_MESSAGE) {
        message = message.substring(0, BODY_IN_MESSAGE) + "...";
      }
    }
    String text = provider + " answered HTTP " + status + (type.isEmpty() ? "" : " " + type)
        + (message.isEmpty() ? "" : ": " + message);
    return new ModelCallException(text, RETRYABLE.contains(status), status, retryAfter(headers));
  }

  /** retry-after-ms (OpenAI), then Retry-After in seconds or as an HTTP date. */
  static Duration retryAfter(HttpHeaders headers) {
    if (headers == null) {
      return null;
    }
    try {
      var millis = headers.firstValue("retry-after-ms");
      if (millis.isPresent()) {
        return Duration.ofMillis((long) Double.parseDouble(millis.get().strip()));
      }
      var value = headers.firstValue("retry-after");
      if (value.isEmpty()) {
        return null;
      }
      String v = value.get().strip();
      if (v.matches("\\d+(\\.\\d+)?")) {
        return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
      }
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (RuntimeException e) {
      return null; // an unreadable hint: fall back to our own backoff
    }
  }

  static JsonNode parse(String body) {
    try {
      JsonNode node = Json.mapper().readTree(body == null ? "" : body);
      return node == null ? Json.mapper().missingNode() : node;
    } catch (Exception e) {
      return Json.mapper().missingNode();
    }
  }

  /** Error types inside a stream that are worth another attempt. */
  static boolean retryableType(String type) {
    return Set.of("overloaded_error", "api_error", "rate_limit_error", "server_error", "timeout_error",
        "service_unavailable").contains(type);
  }
}
