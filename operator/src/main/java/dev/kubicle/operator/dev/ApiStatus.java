package dev.kubicle.operator.dev;

import dev.kubicle.operator.dev.schema.FieldError;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/**
 * Error answers worded and shaped as kube-apiserver's (apimachinery's {@code errors.NewInvalid}, {@code NewConflict},
 * {@code NewAlreadyExists}, {@code NewBadRequest}), so kubectl prints them and clients classify them as on a cluster.
 */
final class ApiStatus {

  static final int UNPROCESSABLE_ENTITY = 422;

  private ApiStatus() {
  }

  /**
   * 422 Invalid: {@code Workspace.kubicle.dev "x" is invalid: spec.running: Invalid value: ...}; several errors are
   * joined in brackets as Go's aggregate error prints them.
   */
  static MockResponse invalid(String group, String kind, String name, List<FieldError> errors) {
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    String joined = errors.size() == 1 ? errors.get(0).toString()
        : "[" + String.join(", ", errors.stream().map(FieldError::toString).toList()) + "]";
    List<StatusCause> causes = errors.stream()
        .map(e -> new StatusCause(e.field(), e.body(), e.type().reason())).toList();
    return response(new StatusBuilder().withStatus("Failure").withCode(UNPROCESSABLE_ENTITY).withReason("Invalid")
        .withMessage(qualified + " \"" + name + "\" is invalid: " + joined)
        .withNewDetails().withGroup(group).withKind(kind).withName(name).withCauses(causes).endDetails()
        .build());
  }

  /** 409 Conflict for a write based on an old resourceVersion. */
  static MockResponse conflict(String group, String plural, String name) {
    return response(new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
        .withMessage("Operation cannot be fulfilled on " + qualified(group, plural) + " \"" + name
            + "\": the object has been modified; please apply your changes to the latest version and try again")
        .withNewDetails().withGroup(group).withKind(plural).withName(name).endDetails()
        .build());
  }

  /** 409 AlreadyExists for a create of a name that is taken. */
  static MockResponse alreadyExists(String group, String plural, String name) {
    return response(new StatusBuilder().withStatus("Failure").withCode(409).withReason("AlreadyExists")
        .withMessage(qualified(group, plural) + " \"" + name + "\" already exists")
        .withNewDetails().withGroup(group).withKind(plural).withName(name).endDetails()
        .build());
  }

  /** 422 for a request that cannot be applied at all (a JSON patch whose path does not exist, say). */
  static MockResponse unprocessable(String message) {
    return response(new StatusBuilder().withStatus("Failure").withCode(UNPROCESSABLE_ENTITY).withReason("Invalid")
        .withMessage(message).build());
  }

  /** 413 for a request body over the server's limit. */
  static MockResponse tooLarge(int limit) {
    return response(new StatusBuilder().withStatus("Failure").withCode(413).withReason("RequestEntityTooLarge")
        .withMessage("Request entity too large: limit is " + limit).build());
  }

  /** 400 BadRequest, which has no details. */
  static MockResponse badRequest(String message) {
    return response(new StatusBuilder().withStatus("Failure").withCode(400).withReason("BadRequest")
        .withMessage(message).build());
  }

  private static String qualified(String group, String plural) {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  private static MockResponse response(Status status) {
    status.setApiVersion("v1");
    status.setKind("Status");
    status.setMetadata(new io.fabric8.kubernetes.api.model.ListMeta());
    return new MockResponse().setResponseCode(status.getCode()).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(status));
  }
}
