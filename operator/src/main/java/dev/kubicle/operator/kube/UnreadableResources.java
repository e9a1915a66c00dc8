package dev.kubicle.operator.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.serialization.MayBeUnreadable;
import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.serialization.Unreadable;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a Workspace, Template or AgentTask the operator could not read, on the object itself: a Warning Event
 * (reason Unreadable) and a {@code Readable=False} condition, written with a JSON patch of the status subresource
 * so the spec that could not be read is never written. The reconcilers then skip the object.
 */
public class UnreadableResources {
  /** The condition type; present only while the object is unreadable. */
  public static final String READABLE = "Readable";
  public static final String REASON = "Unreadable";
  private static final Logger LOG = LoggerFactory.getLogger(UnreadableResources.class);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public UnreadableResources(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /** Why {@code resource} could not be read, or empty: a reconciler acts only on an empty answer. */
  public static Optional<Unreadable> why(Object resource) {
    return resource instanceof MayBeUnreadable m ? m.unreadable() : Optional.empty();
  }

  /**
   * When {@code resource} is unreadable, reports it (Event, condition, one log line per new reason) and returns
   * true: the caller does nothing else with it. Never throws: a report that cannot be written is logged.
   */
  public boolean reportIfUnreadable(CustomResource<?, ?> resource) {
    Optional<Unreadable> why = why(resource);
    if (why.isEmpty()) {
      return false;
    }
    report(resource, why.get().message(), "");
    return true;
  }

  /**
   * The same for an unreadable object being deleted: its finalizer stays (the operator cannot clean up what it
   * cannot read), and the message says how to get out.
   */
  public boolean reportIfUnreadableOnDelete(CustomResource<?, ?> resource, String finalizer) {
    Optional<Unreadable> why = why(resource);
    if (why.isEmpty()) {
      return false;
    }
    report(resource, why.get().message(), "; it is deleted once it can be read (fix the field), or remove the "
        + "finalizer " + finalizer + " to delete it without the operator's clean-up");
    return true;
  }

  private void report(CustomResource<?, ?> resource, String why, String suffix) {
    String message = resource.getKind() + " cannot be read, so the operator skips it: " + why + suffix;
    events.record(resource, EventReason.Unreadable, message);
    List<Condition> previous = conditions(resource);
    Optional<Condition> existing = Conditions.find(previous, READABLE);
    if (existing.isPresent() && Conditions.FALSE.equals(existing.get().getStatus())
        && message.equals(existing.get().getMessage())) {
      return; // already reported: a repeated reconcile writes nothing
    }
    LOG.warn("{} {}/{} {}", resource.getKind(), resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), message);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.make(previous, READABLE, false, REASON, message,
        resource.getMetadata().getGeneration(), clock.instant()));
    previous.stream().filter(c -> !READABLE.equals(c.getType())).forEach(conditions::add);
    patchStatus(resource, conditions, hasMessage(resource) ? message : null);
  }

  /**
   * Removes the {@code Readable} condition from an object that can be read again, when its own status writer
   * would not (AgentTask's status has no derived conditions).
   */
  public void clearIfReported(CustomResource<?, ?> resource) {
    List<Condition> previous = conditions(resource);
    if (Conditions.find(previous, READABLE).isEmpty()) {
      return;
    }
    patchStatus(resource, previous.stream().filter(c -> !READABLE.equals(c.getType())).toList(), null);
  }

  /**
   * A JSON patch (not a merge patch) of the status subresource: it names only the members it sets, so neither the
   * spec nor the rest of the status is written, and it costs the API server no diff of the whole object.
   */
  private void patchStatus(CustomResource<?, ?> resource, List<Condition> conditions, String message) {
    ArrayNode list = Json.mapper().createArrayNode();
    conditions.forEach(c -> list.add(Json.mapper().valueToTree(c)));
    ArrayNode patch = Json.mapper().createArrayNode();
    boolean statusIsObject = why(resource).map(u -> u.raw().get("status"))
        .map(com.fasterxml.jackson.databind.JsonNode::isObject).orElse(resource.getStatus() != null);
    if (statusIsObject) {
      patch.addObject().put("op", "add").put("path", "/status/conditions").set("value", list);
      if (message != null) {
        patch.addObject().put("op", "add").put("path", "/status/message").put("value", message);
      }
    } else { // absent, null or not even an object: nothing in it to keep
      ObjectNode status = Json.mapper().createObjectNode();
      status.set("conditions", list);
      if (message != null) {
        status.put("message", message);
      }
      patch.addObject().put("op", "add").put("path", "/status").set("value", status);
    }
    try {
      client.resources(resource.getClass()).inNamespace(resource.getMetadata().getNamespace())
          .withName(resource.getMetadata().getName()).subresource("status")
          .patch(PatchContext.of(PatchType.JSON), Json.canonical(patch));
    } catch (KubernetesClientException e) {
      // The Event already says it; the condition is written on a later reconcile (the next change, or the
      // periodic one).
      LOG.warn("could not write the {} condition of {} {}/{}: {}", READABLE, resource.getKind(),
          resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
    }
  }

  /** The conditions of a status that could be read, else none. */
  private static List<Condition> conditions(CustomResource<?, ?> resource) {
    List<Condition> conditions = null;
    if (resource instanceof Workspace ws && ws.getStatus() != null) {
      conditions = ws.getStatus().getConditions();
    } else if (resource instanceof Template template && template.getStatus() != null) {
      conditions = template.getStatus().getConditions();
    } else if (resource instanceof AgentTask task && task.getStatus() != null) {
      conditions = task.getStatus().getConditions();
    }
    return conditions == null ? List.of() : conditions;
  }

  /** Template status has no message; the others show it in {@code kubectl get -o wide}. */
  private static boolean hasMessage(CustomResource<?, ?> resource) {
    return resource instanceof Workspace || resource instanceof AgentTask;
  }
}
