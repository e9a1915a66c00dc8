package dev.kubicle.operator.task.model;

import java.time.Duration;

/**
 * One model provider as the admin configured it.
 *
 * @param apiKey where the key is read from; null for an openai-compatible server without one
 * @param maxAttempts model calls per turn, the first included, before a retryable failure (429, overloaded, a cut
 *     stream) fails the task
 * @param initialBackoff the first wait between attempts when the provider names none; it doubles each time
 * @param maxRetryWait the longest wait honoured from a Retry-After header; a longer one fails at once
 * @param idleTimeout how long a stream may stay silent (first byte included) before the call counts as failed
 */
public record ProviderSettings(String name, ProviderType type, String baseUrl, SecretKeyRef apiKey,
    int maxAttempts, Duration initialBackoff, Duration maxRetryWait, Duration idleTimeout) {

  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** The full URL a request goes to. */
  public String endpoint() {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return type.anthropicWire() ? base + "/v1/messages" : base + "/chat/completions";
  }
}
