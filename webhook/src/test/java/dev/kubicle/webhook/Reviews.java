package dev.kubicle.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionReviews;
import dev.kubicle.webhook.admission.AdmissionRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds AdmissionReview requests as the API server sends them, and runs a rule the way the server does. */
public final class Reviews {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode review = JSON.createObjectNode();
  private final ObjectNode request;

  private Reviews(String kind, String resource, String operation) {
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    ObjectNode k = request.putObject("kind");
    k.put("group", kind.equals("Pod") || kind.equals("PodExecOptions") ? "" : "kubicle.dev");
    k.put("version", k.get("group").asText().isEmpty() ? "v1" : "v1alpha1");
    k.put("kind", kind);
    ObjectNode r = request.putObject("resource");
    r.put("group", k.get("group").asText());
    r.put("version", k.get("version").asText());
    r.put("resource", resource);
    request.put("operation", operation);
    request.put("namespace", "team-a");
    user("alice");
  }

  public static Reviews create(String kind, String objectYamlOrJson) {
    return new Reviews(kind, plural(kind), "CREATE").object(objectYamlOrJson);
  }

  public static Reviews update(String kind, String oldObject, String newObject) {
    return new Reviews(kind, plural(kind), "UPDATE").oldObject(oldObject).object(newObject);
  }

  public static Reviews delete(String kind, String oldObject) {
    return new Reviews(kind, plural(kind), "DELETE").oldObject(oldObject);
  }

  /** pods/exec or pods/attach: CONNECT with the pod's name and namespace and PodExecOptions as the object. */
  public static Reviews connect(String subResource, String namespace, String pod) {
    Reviews r = new Reviews("PodExecOptions", "pods", "CONNECT");
    r.request.put("subResource", subResource);
    r.request.put("name", pod);
    r.request.put("namespace", namespace);
    r.request.set("object", JSON.createObjectNode().put("kind", "PodExecOptions").put("apiVersion", "v1"));
    return r;
  }

  /**
   * pods/proxy or services/proxy as the API server sends it for any HTTP verb: CONNECT with the URL's name segment
   * ({@code name}, {@code name:port} or {@code scheme:name:port}) and Pod/ServiceProxyOptions carrying the path.
   */
  public static Reviews proxy(String resource, String namespace, String nameSegment, String path) {
    String options = resource.equals("pods") ? "PodProxyOptions" : "ServiceProxyOptions";
    Reviews r = new Reviews(options, resource, "CONNECT");
    r.request.put("subResource", "proxy");
    r.request.put("name", nameSegment);
    r.request.put("namespace", namespace);
    r.request.set("object", JSON.createObjectNode().put("kind", options).put("apiVersion", "v1").put("path", path));
    return r;
  }

  /**
   * pods/ephemeralcontainers, as {@code kubectl debug} sends it: UPDATE with the pod as object (one debug container
   * added) and oldObject (without it), both carrying the pod's labels.
   */
  public static Reviews ephemeralContainers(String namespace, String pod, Map<String, String> labels) {
    Reviews r = new Reviews("Pod", "pods", "UPDATE");
    r.request.put("subResource", "ephemeralcontainers");
    r.request.put("name", pod);
    r.request.put("namespace", namespace);
    ObjectNode old = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode metadata = old.putObject("metadata").put("name", pod).put("namespace", namespace);
    labels.forEach(metadata.putObject("labels")::put);
    old.putObject("spec").putArray("containers").addObject().put("name", "dev").put("image", "busybox");
    ObjectNode updated = old.deepCopy();
    ((ObjectNode) updated.get("spec")).putArray("ephemeralContainers").addObject()
        .put("name", "debugger-x7k2p").put("image", "busybox").put("targetContainerName", "dev");
    r.request.set("oldObject", old);
    r.request.set("object", updated);
    return r;
  }

  public Reviews user(String username, String... groups) {
    ObjectNode info = request.putObject("userInfo");
    info.put("username", username);
    ArrayNode g = info.putArray("groups");
    g.add("system:authenticated");
    for (String group : groups) {
      g.add(group);
    }
    return this;
  }

  /** The same request sent for a subresource ("status"), as the API server sends a status update. */
  public Reviews subResource(String subResource) {
    request.put("subResource", subResource);
    return this;
  }

  public Reviews namespace(String namespace) {
    request.put("namespace", namespace);
    return this;
  }

  public Reviews object(String json) {
    JsonNode node = parse(json);
    request.set("object", node);
    request.put("name", node.path("metadata").path("name").asText());
    return this;
  }

  public Reviews oldObject(String json) {
    JsonNode node = parse(json);
    request.set("oldObject", node);
    request.put("name", node.path("metadata").path("name").asText());
    return this;
  }

  public ObjectNode json() {
    return review;
  }

  public String uid() {
    return request.get("uid").asText();
  }

  /** What the server would answer: the rule's decision as an AdmissionReview response. */
  public JsonNode sendTo(AdmissionRule rule) {
    AdmissionRequest parsed = AdmissionRequest.from(review);
    return AdmissionReviews.response(JSON, parsed.uid(), rule.review(parsed));
  }

  public static JsonNode patchOf(JsonNode response) {
    try {
      return AdmissionReviews.patchOf(JSON, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String message(JsonNode response) {
    return response.path("response").path("status").path("message").asText();
  }

  public static boolean allowed(JsonNode response) {
    return response.path("response").path("allowed").asBoolean();
  }

  public static List<String> warnings(JsonNode response) {
    return JSON.convertValue(response.path("response").path("warnings"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String plural(String kind) {
    return switch (kind) {
      case "Template" -> "templates";
      case "Workspace" -> "workspaces";
      case "AgentTask" -> "agenttasks";
      default -> kind.toLowerCase() + "s";
    };
  }
}
