package dev.kubicle.operator.provision;

import dev.kubicle.operator.store.LogWriter;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams each build Job's runner log into the store while the Job runs: waits for the pod's container to start,
 * then follows its log with fabric8 (no thread of ours blocks on it); after a broken stream or an operator restart
 * it attaches again and skips the lines already stored. When the log cannot be read at all (the pod is gone), the
 * tail the provisioner read (pod log or termination message) is stored instead, if nothing was.
 */
public class JobLogFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobLogFollower.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);
  private static final int DONE_REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final LogWriter writer;
  private final Duration giveUpAfter;
  private final Map<String, Follow> follows = new ConcurrentHashMap<>();
  /**
   * Jobs whose log was followed to its end in this process: observing such a Job again must not attach again
   * (lines may still wait in the writer, so the store's count would be behind). Bounded, oldest forgotten first.
   */
  private final Map<String, Boolean> done = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > DONE_REMEMBERED;
        }
      });
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubicle-job-logs");
    t.setDaemon(true);
    return t;
  });

  /** @param giveUpAfter a follow ends after this long whatever happens (the build timeout plus a margin) */
  public JobLogFollower(KubernetesClient client, LogWriter writer, Duration giveUpAfter) {
    this.client = client;
    this.writer = writer;
    this.giveUpAfter = giveUpAfter;
  }

  /** Starts following the build's Job, unless that already happens; cheap to call on every observation. */
  public void follow(BuildRequest request) {
    String key = request.namespace() + "/" + request.build().getJob();
    if (done.containsKey(key)) {
      return;
    }
    follows.computeIfAbsent(key, k -> {
      Follow f = new Follow(k, request.namespace(), request.build().getJob(), request.workspaceUid(),
          request.build().getNumber());
      scheduler.execute(f::attempt);
      return f;
    });
  }

  /**
   * The Job finished. A follow in progress drains the rest of the log and ends; if none ever attached (operator
   * down for the whole run), one reads the whole log now, or stores {@code tail} if the log is gone.
   */
  public void finished(BuildRequest request, String tail) {
    follow(request);
    Follow f = follows.get(request.namespace() + "/" + request.build().getJob());
    if (f != null) {
      f.jobFinished(tail);
    }
  }

  /** Follows in progress (tests and diagnostics). */
  public int active() {
    return follows.size();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    follows.values().forEach(Follow::stop);
    follows.clear();
  }

  /** One build's log, from first attempt to the end of its stream. */
  private final class Follow {
    private final String key;
    private final String namespace;
    private final String job;
    private final String uid;
    private final long build;
    private final long startedNanos = System.nanoTime();
    private volatile boolean jobFinished;
    private volatile String tail = "";
    private volatile LogWatch watch;
    private volatile boolean stopped;
    private long resumeAt = -1;
    private Duration retry = FIRST_RETRY;

    Follow(String key, String namespace, String job, String uid, long build) {
      this.key = key;
      this.namespace = namespace;
      this.job = job;
      this.uid = uid;
      this.build = build;
    }

    void jobFinished(String finalTail) {
      tail = finalTail == null ? "" : finalTail;
      jobFinished = true;
    }

    /** Runs on the scheduler: attaches to the container's log when it has started, or tries again later. */
    void attempt() {
      if (stopped) {
        return;
      }
      if (System.nanoTime() - startedNanos > giveUpAfter.toNanos()) {
        LOG.warn("stopped following the log of Job {} after {} min", key, giveUpAfter.toMinutes());
        end();
        return;
      }
      try {
        Optional<Pod> pod = newestPod();
        boolean started = pod.map(JobLogFollower::containerStarted).orElse(false);
        if (!started) {
          if (jobFinished) {
            storeTailInstead();
          } else {
            later();
          }
          return;
        }
        if (resumeAt < 0) {
          resumeAt = writer.store().buildLogs().lastSeq(uid, build);
        }
        LogLineSplitter splitter = new LogLineSplitter(resumeAt, lines -> writer.build(uid, build, lines));
        watch = client.pods().inNamespace(namespace).withName(pod.get().getMetadata().getName())
            .inContainer(RunnerJobFactory.CONTAINER).watchLog(splitter);
        watch.onClose().whenComplete((error, failure) -> scheduler.execute(() -> streamEnded(splitter)));
      } catch (KubernetesClientException | dev.kubicle.operator.store.StoreException e) {
        LOG.debug("log of Job {} not readable yet: {}", key, e.getMessage());
        if (jobFinished && e instanceof KubernetesClientException) {
          storeTailInstead();
        } else {
          later();
        }
      } catch (RuntimeException e) {
        LOG.warn("following the log of Job {} failed: {}", key, e.getMessage());
        later();
      }
    }

    /** The stream ended: the container exited (done), or the connection broke (attach again, skipping). */
    private void streamEnded(LogLineSplitter splitter) {
      boolean complete;
      try {
        complete = jobFinished || newestPod().map(JobLogFollower::containerTerminated).orElse(true);
      } catch (KubernetesClientException e) {
        complete = false; // cannot tell: attach again, which skips what was seen
      }
      splitter.finish(complete);
      resumeAt = splitter.seen();
      if (complete || stopped) {
        LOG.debug("log of Job {} followed to its end ({} lines)", key, resumeAt);
        end();
      } else {
        retry = FIRST_RETRY;
        later();
      }
    }

    /** Nothing could be streamed: the tail the provisioner read is better than no log. */
    private void storeTailInstead() {
      writer.buildEnded(uid, build, tail);
      end();
    }

    private void later() {
      if (!stopped) {
        scheduler.schedule(this::attempt, retry.toMillis(), TimeUnit.MILLISECONDS);
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
      }
    }

    private Optional<Pod> newestPod() {
      return client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems().stream()
          .max(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
    }

    private void end() {
      done.put(key, Boolean.TRUE);
      follows.remove(key, this);
    }

    void stop() {
      stopped = true;
      LogWatch w = watch;
      if (w != null) {
        w.close();
      }
    }
  }

  private static Optional<ContainerStatus> runner(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> RunnerJobFactory.CONTAINER.equals(c.getName())).findFirst();
  }

  static boolean containerStarted(Pod pod) {
    return runner(pod).map(c -> c.getState() != null
        && (c.getState().getRunning() != null || c.getState().getTerminated() != null)).orElse(false);
  }

  static boolean containerTerminated(Pod pod) {
    return runner(pod).map(c -> c.getState() != null && c.getState().getTerminated() != null)
        .map(Boolean.TRUE::equals).orElse(false);
  }
}
