package dev.kubicle.operator.task.llm;

import java.util.concurrent.Flow;

/** Feeds response lines to an SSE parser and a wire reader; remembers the first error the stream carried. */
final class SseSubscriber implements Flow.Subscriber<String> {
  private final WireFormat.StreamReader reader;
  private final IdleWatch.Stream watched;
  private final SseParser parser;
  private ModelCallException failure;

  SseSubscriber(WireFormat.StreamReader reader, IdleWatch.Stream watched) {
    this.reader = reader;
    this.watched = watched;
    this.parser = new SseParser((event, data) -> {
      if (failure == null) {
        try {
          reader.event(event, data);
        } catch (ModelCallException e) {
          failure = e; // the rest of the stream is ignored: the call has failed
        }
      }
    });
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    watched.touch();
    parser.line(line);
  }

  @Override
  public void onError(Throwable throwable) {
    // The HTTP client completes the response exceptionally; nothing to keep here.
  }

  @Override
  public void onComplete() {
    parser.end();
  }

  ModelClient.Outcome outcome() {
    if (failure != null) {
      return ModelClient.Outcome.failed(failure);
    }
    try {
      return new ModelClient.Outcome(reader.finish(), null);
    } catch (ModelCallException e) {
      return ModelClient.Outcome.failed(e);
    }
  }
}
