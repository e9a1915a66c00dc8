package dev.kubicle.operator.console.auth;

import dev.kubicle.operator.console.auth.Principal.Credential;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived responses (server-sent event streams, web terminals) open per sign-in, so that signing out or
 * revoking an API token closes them at once, and a sign-in that ended any other way (expiry, another replica's
 * sign-out or revocation) is found by a re-check every {@link #RECHECK}. The re-check also forgets streams that ended
 * by themselves, so what is kept is bounded by the streams open now.
 */
public final class OpenStreams implements AutoCloseable {
  public static final Duration RECHECK = Duration.ofSeconds(5);
  /** What a closed terminal or stream tells the user. */
  public static final String ENDED = "your sign-in ended (signed out, token revoked or expired): sign in again";
  private static final Logger LOG = LoggerFactory.getLogger(OpenStreams.class);

  /** One open stream: how to close it, and whether it is still open. */
  public record Stream(Runnable close, BooleanSupplier open) {}

  private final Vertx vertx;
  private final Predicate<Principal> stillSignedIn;
  private final Map<Credential, Set<Stream>> open = new ConcurrentHashMap<>();
  private final Map<Credential, Principal> principals = new ConcurrentHashMap<>();
  private final long timer;

  /** @param stillSignedIn blocking: whether the principal's session or token is still live in the store */
  public OpenStreams(Vertx vertx, Predicate<Principal> stillSignedIn) {
    this.vertx = vertx;
    this.stillSignedIn = stillSignedIn;
    this.timer = vertx.setPeriodic(RECHECK.toMillis(), id -> recheck());
  }

  /** Remembers a stream opened by {@code principal}, to close it when that sign-in ends. */
  public void track(Principal principal, Stream stream) {
    Credential credential = principal.credential();
    principals.put(credential, principal);
    open.computeIfAbsent(credential, c -> ConcurrentHashMap.newKeySet()).add(stream);
  }

  /** Closes every stream opened with {@code credential}; returns how many were open. */
  public int closeAll(Credential credential) {
    Set<Stream> streams = open.remove(credential);
    principals.remove(credential);
    if (streams == null) {
      return 0;
    }
    int closed = 0;
    for (Stream stream : streams) {
      if (stream.open().getAsBoolean()) {
        closed++;
        try {
          stream.close().run();
        } catch (RuntimeException e) {
          LOG.warn("could not close a stream of an ended sign-in: {}", e.toString());
        }
      }
    }
    if (closed > 0) {
      LOG.info("closed {} stream(s) of {} that ended", closed,
          credential.via() == Principal.Via.SESSION ? "a console session" : "API token " + credential.id());
    }
    return closed;
  }

  /** How many tracked streams of {@code credential} are still open (for tests and figures). */
  public int openFor(Credential credential) {
    Set<Stream> streams = open.get(credential);
    return streams == null ? 0 : (int) streams.stream().filter(s -> s.open().getAsBoolean()).count();
  }

  private void recheck() {
    // Forget streams that ended by themselves first, and sign-ins with nothing open.
    open.forEach((credential, streams) -> {
      streams.removeIf(s -> !s.open().getAsBoolean());
      if (streams.isEmpty()) {
        open.computeIfPresent(credential, (c, s) -> s.isEmpty() ? null : s);
        if (!open.containsKey(credential)) {
          principals.remove(credential);
        }
      }
    });
    List<Principal> signedIn = List.copyOf(principals.values());
    if (signedIn.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> signedIn.stream().filter(p -> !stillSignedIn.test(p)).map(Principal::credential)
        .toList(), false).onSuccess(ended -> ended.forEach(this::closeAll))
        .onFailure(e -> LOG.warn("could not re-check the sign-ins of open streams: {}", e.toString()));
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
