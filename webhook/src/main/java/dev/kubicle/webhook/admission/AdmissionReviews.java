package dev.kubicle.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads an AdmissionReview request and writes the matching AdmissionReview response (admission.k8s.io/v1). */
public final class AdmissionReviews {
  private AdmissionReviews() {}

  /** The response review for {@code uid}: the API server matches it by uid, and wants apiVersion and kind back. */
  public static ObjectNode response(ObjectMapper json, String uid, Decision decision) {
    ObjectNode review = json.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      ObjectNode status = response.putObject("status");
      status.put("code", decision.code());
      status.put("message", decision.message());
      status.put("reason", decision.code() == Decision.FORBIDDEN ? "Forbidden" : "Invalid");
    }
    if (decision.patch() != null) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(
          decision.patch().toString().getBytes(StandardCharsets.UTF_8)));
    }
    if (!decision.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      decision.warnings().forEach(warnings::add);
    }
    return review;
  }

  /** Decodes a response's patch (tests and logs). */
  public static JsonNode patchOf(ObjectMapper json, JsonNode review) throws java.io.IOException {
    String patch = review.path("response").path("patch").asText(null);
    return patch == null ? null : json.readTree(Base64.getDecoder().decode(patch));
  }
}
