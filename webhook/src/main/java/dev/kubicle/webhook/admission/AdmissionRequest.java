package dev.kubicle.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** The parts of an admission.k8s.io/v1 AdmissionRequest the rules read; objects stay JSON until a rule needs them. */
public record AdmissionRequest(String uid, String kind, String resource, String subResource, String name,
    String namespace, Operation operation, UserInfo user, JsonNode object, JsonNode oldObject) {

  /** The operations the API server sends to admission webhooks. */
  public enum Operation { CREATE, UPDATE, DELETE, CONNECT }

  /** Who asks, as the API server authenticated them. */
  public record UserInfo(String username, List<String> groups) {
    public UserInfo {
      username = username == null ? "" : username;
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }

  /** Reads {@code review.request}; throws IllegalArgumentException when the review is not one the server can answer. */
  public static AdmissionRequest from(JsonNode review) {
    JsonNode request = review.path("request");
    if (!request.isObject() || !request.path("uid").isTextual()) {
      throw new IllegalArgumentException("not an AdmissionReview: request.uid is missing");
    }
    Operation operation;
    try {
      operation = Operation.valueOf(request.path("operation").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown operation " + request.path("operation"));
    }
    List<String> groups = new ArrayList<>();
    request.path("userInfo").path("groups").forEach(g -> groups.add(g.asText()));
    return new AdmissionRequest(request.path("uid").asText(), request.path("kind").path("kind").asText(),
        request.path("resource").path("resource").asText(), request.path("subResource").asText(""),
        request.path("name").asText(""), request.path("namespace").asText(""), operation,
        new UserInfo(request.path("userInfo").path("username").asText(""), groups),
        objectOrMissing(request.path("object")), objectOrMissing(request.path("oldObject")));
  }

  private static JsonNode objectOrMissing(JsonNode node) {
    return node.isObject() ? node : MissingNode.getInstance();
  }

  /** The resource with its subresource as RBAC and webhook rules spell it: "pods/exec", "pods/ephemeralcontainers". */
  public String resourcePath() {
    return subResource.isEmpty() ? resource : resource + "/" + subResource;
  }

  /** "namespace/name", for log lines and messages. */
  public String target() {
    String objectName = name.isEmpty() ? object.path("metadata").path("name").asText(
        object.path("metadata").path("generateName").asText("")) : name;
    return namespace.isEmpty() ? objectName : namespace + "/" + objectName;
  }
}
