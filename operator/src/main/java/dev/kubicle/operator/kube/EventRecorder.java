package dev.kubicle.operator.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits Kubernetes Events for a resource, once per distinct (object, reason, message): a reconcile that repeats
 * itself must not flood the event stream or cost a write.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, String> lastByObjectAndReason = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      });

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records the event unless the same one was the last recorded for this object and reason. */
  public void record(HasMetadata object, EventReason reason, String message) {
    String key = object.getMetadata().getUid() + "/" + reason;
    String previous = lastByObjectAndReason.put(key, message);
    if (message.equals(previous)) {
      return;
    }
    String now = clock.instant().toString();
    var event = new EventBuilder()
        .withNewMetadata()
          .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
          .withNamespace(object.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(object.getApiVersion())
            .withKind(object.getKind())
            .withName(object.getMetadata().getName())
            .withNamespace(object.getMetadata().getNamespace())
            .withUid(object.getMetadata().getUid())
            .withResourceVersion(object.getMetadata().getResourceVersion())
            .build())
        .withType(reason.type())
        .withReason(reason.name())
        .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource("kubicle-operator", null)
        .withReportingComponent("kubicle-operator")
        .build();
    try {
      client.v1().events().inNamespace(object.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: failing to record one must never fail the reconcile that produced it.
      LOG.warn("could not record event {} for {}/{}: {}", reason, object.getMetadata().getNamespace(),
          object.getMetadata().getName(), e.getMessage());
    }
  }

  /** Forgets an object's events, e.g. after it was deleted. */
  public void forget(HasMetadata object) {
    String prefix = object.getMetadata().getUid() + "/";
    synchronized (lastByObjectAndReason) {
      lastByObjectAndReason.keySet().removeIf(k -> k.startsWith(prefix));
    }
  }
}
