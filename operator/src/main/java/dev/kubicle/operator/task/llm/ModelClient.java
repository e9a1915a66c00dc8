package dev.kubicle.operator.task.llm;

import dev.kubicle.operator.task.model.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams model calls over java.net.http without holding a thread per call: the response body is read line by
 * line as it arrives on the client's (bounded) executor. Retries retryable failures within the provider's attempt
 * budget, honouring Retry-After; only a complete reply is ever returned, so a cut stream never yields a half tool
 * call.
 */
public class ModelClient {
  private static final Logger LOG = LoggerFactory.getLogger(ModelClient.class);

  private final HttpClient http;
  private final Executor executor;
  private final IdleWatch idle;

  public ModelClient(Executor executor) {
    this.executor = executor;
    this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(20))
        .version(HttpClient.Version.HTTP_1_1).build();
    this.idle = new IdleWatch();
  }

  /** Calls the model; cancelling the returned future aborts the request in flight. */
  public CompletableFuture<ModelReply> call(ModelRequest request) {
    ProviderSettings provider = request.model().provider();
    WireFormat wire = provider.type().anthropicWire() ? new AnthropicWire()
        : new OpenAiWire(provider.type() == dev.kubicle.operator.task.model.ProviderType.OPENAI_COMPATIBLE);
    CompletableFuture<ModelReply> result = new CompletableFuture<>();
    Attempts attempts = new Attempts(request, wire, result);
    attempts.next(1);
    return result;
  }

  /** One call's attempts; holds the request in flight so a cancel reaches it. */
  private final class Attempts {
    private final ModelRequest request;
    private final WireFormat wire;
    private final CompletableFuture<ModelReply> result;
    private final long started;
    private final byte[] body;
    private volatile CompletableFuture<?> inFlight;

    Attempts(ModelRequest request, WireFormat wire, CompletableFuture<ModelReply> result) {
      this.request = request;
      this.wire = wire;
      this.result = result;
      this.body = wire.body(request).toString().getBytes(StandardCharsets.UTF_8);
      this.started = System.nanoTime(); // latency is the provider's: writing the body is ours
      result.whenComplete((r, e) -> {
        if (result.isCancelled() && inFlight != null) {
          inFlight.cancel(true);
        }
      });
    }

    void next(int attempt) {
      if (result.isDone()) {
        return;
      }
      ProviderSettings provider = request.model().provider();
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(provider.endpoint()))
          .timeout(provider.idleTimeout())
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      wire.headers(request).forEach(builder::header);
      IdleWatch.Stream watched = idle.watch(provider.idleTimeout());
      CompletableFuture<HttpResponse<Outcome>> sent = http.sendAsync(builder.build(), info -> {
        watched.touch();
        if (info.statusCode() / 100 == 2) {
          SseSubscriber lines = new SseSubscriber(wire.reader(), watched);
          return BodySubscribers.fromLineSubscriber(lines, SseSubscriber::outcome, StandardCharsets.UTF_8, null);
        }
        return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8),
            text -> Outcome.failed(wire.httpError(info.statusCode(), text, info.headers())));
      });
      inFlight = sent;
      java.util.concurrent.atomic.AtomicBoolean silent = new java.util.concurrent.atomic.AtomicBoolean();
      watched.onIdle(() -> {
        silent.set(true);
        sent.cancel(true); // aborts the exchange; reported below as a retryable failure
      });
      if (result.isCancelled()) {
        sent.cancel(true);
      }
      sent.whenComplete((response, error) -> {
        watched.close();
        if (result.isDone()) {
          return;
        }
        ModelCallException failure;
        if (error == null && response.body().reply() != null) {
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          result.complete(response.body().reply().withTiming(attempt, millis));
          return;
        } else if (error == null) {
          failure = response.body().error();
        } else if (silent.get()) {
          failure = ModelCallException.transientFailure("the model sent nothing for "
              + provider.idleTimeout().toSeconds() + " s");
        } else {
          failure = asModelFailure(error);
        }
        retryOrFail(attempt, failure);
      });
    }

    private void retryOrFail(int attempt, ModelCallException failure) {
      ProviderSettings provider = request.model().provider();
      if (!failure.retryable() || attempt >= provider.maxAttempts()) {
        String tries = attempt > 1 ? " (after " + attempt + " attempts)" : "";
        result.completeExceptionally(new ModelCallException(failure.getMessage() + tries, false,
            failure.httpStatus(), failure.retryAfter()));
        return;
      }
      Duration wait;
      if (failure.retryAfter() != null) {
        if (failure.retryAfter().compareTo(provider.maxRetryWait()) > 0) {
          result.completeExceptionally(new ModelCallException(failure.getMessage() + " (the provider asks to retry "
              + "after " + failure.retryAfter().toSeconds() + " s, longer than maxRetryWait "
              + provider.maxRetryWait().toSeconds() + " s)", false, failure.httpStatus(), failure.retryAfter()));
          return;
        }
        wait = failure.retryAfter();
      } else {
        long base = provider.initialBackoff().toMillis() << Math.min(attempt - 1, 10);
        wait = Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
      }
      LOG.info("model call to {} failed ({}); attempt {} of {} in {} ms", provider.name(), failure.getMessage(),
          attempt + 1, provider.maxAttempts(), wait.toMillis());
      CompletableFuture.runAsync(() -> next(attempt + 1),
          CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor));
    }
  }

  private static ModelCallException asModelFailure(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ModelCallException m) {
      return m;
    }
    if (cause instanceof CancellationException) {
      return ModelCallException.fatal("the model call was cancelled");
    }
    if (cause instanceof IOException) {
      // Connection refused, reset, or a header timeout: the provider may be back in a moment.
      return ModelCallException.transientFailure("cannot reach the model: " + cause);
    }
    return ModelCallException.fatal("the model call failed: " + cause);
  }

  /** A complete reply or the failure that stands for the response. */
  record Outcome(ModelReply reply, ModelCallException error) {
    static Outcome failed(ModelCallException error) {
      return new Outcome(null, error);
    }
  }

  public void close() {
    idle.close();
  }
}
