package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;

/**
 * Finds the CRD that serves a resource path among the CRDs stored in the dev cluster, so a CRD created at run time
 * is enforced like one installed at start. The parsed list is reused until the stored CRDs change.
 */
final class InstalledCrds {

  private static final String CRD_LIST_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  /**
   * One served version of a custom resource.
   *
   * @param schema the version's openAPIV3Schema, or null when it declares none (nothing is pruned or checked)
   * @param statusSubresource whether status is written only through {@code /status}
   */
  record Version(String group, String version, String kind, String plural, JsonNode schema,
      boolean statusSubresource) {
  }

  private final KubernetesCrudDispatcher store;
  private String lastBody = "";
  private JsonNode lastList = Serialization.jsonMapper().createObjectNode();

  InstalledCrds(KubernetesCrudDispatcher store) {
    this.store = store;
  }

  /** The custom resource a path addresses; empty for built-in kinds and unknown groups or versions. */
  synchronized Optional<Version> find(ApiRequestPath path) {
    if (path.group().isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode crd : list().path("items")) {
      JsonNode spec = crd.path("spec");
      if (!path.group().equals(spec.path("group").asText())
          || !path.resource().equals(spec.path("names").path("plural").asText())) {
        continue;
      }
      for (JsonNode version : spec.path("versions")) {
        if (path.version().equals(version.path("name").asText()) && version.path("served").asBoolean(true)) {
          JsonNode schema = version.path("schema").get("openAPIV3Schema");
          return Optional.of(new Version(path.group(), path.version(), spec.path("names").path("kind").asText(),
              path.resource(), schema, version.path("subresources").has("status")));
        }
      }
    }
    return Optional.empty();
  }

  private JsonNode list() {
    MockResponse response = store.handleGet(CRD_LIST_PATH);
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    if (!body.equals(lastBody)) {
      lastList = body.isEmpty() ? Serialization.jsonMapper().createObjectNode()
          : Serialization.unmarshal(body, JsonNode.class);
      lastBody = body;
    }
    return lastList;
  }
}
