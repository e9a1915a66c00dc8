package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers of writes sent with {@code dryRun=All} ({@code kubectl diff}, {@code kubectl apply --dry-run=server}):
 * every check runs, nothing is stored, and the answer is the object as it would have been stored. The bare mock
 * ignored the parameter, so {@code kubectl diff} against the dev cluster applied the change.
 */
final class DryRun {

  static final String PARAMETER = "dryRun";
  private static final String GENERATED_SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private DryRun() {
  }

  /** Whether the request asks for a dry run; {@link #isValid} first. */
  static boolean requested(ApiRequestPath path) {
    return path.query().containsKey(PARAMETER);
  }

  /** The server accepts only "All". */
  static boolean isValid(ApiRequestPath path) {
    return !requested(path) || "All".equals(path.query().get(PARAMETER));
  }

  static String unsupported(ApiRequestPath path) {
    return "dryRun: Unsupported value: \"" + path.query().get(PARAMETER) + "\": supported values: \"All\"";
  }

  /** A create's answer: the object with the fields the server would set, but no resourceVersion (none is made). */
  static MockResponse created(ObjectNode body, String namespace, boolean statusSubresource) {
    ObjectNode object = body.deepCopy();
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    if (metadata.path("name").asText("").isEmpty()) {
      StringBuilder name = new StringBuilder(metadata.path("generateName").asText(""));
      for (int i = 0; i < 5; i++) {
        name.append(GENERATED_SUFFIX_CHARS.charAt(ThreadLocalRandom.current().nextInt(GENERATED_SUFFIX_CHARS.length())));
      }
      metadata.put("name", name.toString());
    }
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.put("generation", 1);
    metadata.remove("resourceVersion");
    metadata.remove("deletionTimestamp");
    if (statusSubresource) {
      object.remove("status");
    }
    return json(201, object);
  }

  /** An update's answer: the object as it would be stored, at the stored resourceVersion. */
  static MockResponse updated(ObjectNode object) {
    return json(200, object);
  }

  private static MockResponse json(int code, ObjectNode object) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(object.toString());
  }
}
