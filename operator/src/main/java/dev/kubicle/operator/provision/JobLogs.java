package dev.kubicle.operator.provision;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tail of a build Job's log: from the pod log when the API serves it, otherwise from the container's
 * termination message (where Kubernetes keeps the last lines of a failed container's log).
 */
public class JobLogs {
  /** Enough to see why a build failed, small enough for a ConfigMap entry and a status message. */
  public static final int MAX_TAIL_BYTES = 16 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(JobLogs.class);

  private final KubernetesClient client;

  public JobLogs(KubernetesClient client) {
    this.client = client;
  }

  public String tail(String namespace, String jobName) {
    List<Pod> pods = client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
    Pod pod = pods.stream()
        .max(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")))
        .orElse(null);
    if (pod == null) {
      return "";
    }
    try {
      String log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
          .inContainer(RunnerJobFactory.CONTAINER).tailingLines(200).getLog();
      if (log != null && !log.isBlank()) {
        return cap(log);
      }
    } catch (KubernetesClientException e) {
      LOG.debug("pod log of {} not readable ({}), using its termination message", pod.getMetadata().getName(),
          e.getCode());
    }
    return cap(terminationMessage(pod));
  }

  static String terminationMessage(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return "";
    }
    return pod.getStatus().getContainerStatuses().stream()
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null && s.getTerminated().getMessage() != null)
        .map(s -> s.getTerminated().getMessage())
        .findFirst().orElse("");
  }

  /** Keeps the end of the log, cut at a line start so no line is half shown. */
  public static String cap(String log) {
    if (log.length() <= MAX_TAIL_BYTES) {
      return log;
    }
    String tail = log.substring(log.length() - MAX_TAIL_BYTES);
    int newline = tail.indexOf('\n');
    return newline >= 0 ? tail.substring(newline + 1) : tail;
  }

  /** The last few lines, for a status message. */
  public static String lastLines(String log, int lines) {
    String[] all = log.strip().split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }
}
