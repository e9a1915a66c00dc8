package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dev cluster's answers to writes, over raw HTTP as kubectl and client-go see them: field validation
 * directives, schema errors, resourceVersion conflicts and patch semantics, with real kube-apiserver wording.
 */
@Timeout(60)
class ApiWriteSemanticsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORKSPACES = "/apis/kubicle.dev/v1alpha1/namespaces/default/workspaces";
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private static DevCluster cluster;
  private static HttpClient http;
  private static int counter;

  @BeforeAll
  static void start() {
    cluster = DevCluster.startEphemeral();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void strictRefusesAnUnknownFieldWith400AndStoresNothing() {
    String name = name();

    HttpResponse<String> response = send("POST", WORKSPACES + "?fieldValidation=Strict", workspace(name, "\"ttl\": \"-5h\""));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("reason").asText()).isEqualTo("BadRequest");
    assertThat(json(response).path("message").asText()).isEqualTo("Workspace in version \"v1alpha1\" cannot be handled"
        + " as a Workspace: strict decoding error: unknown field \"spec.ttl\"");
    assertThat(send("GET", WORKSPACES + "/" + name, null).statusCode()).isEqualTo(404);
  }

  @Test
  void warnIsTheDefaultAndStoresThePrunedObjectWithAWarningHeaderPerField() {
    String name = name();

    HttpResponse<String> response = send("POST", WORKSPACES, workspace(name, "\"ttl\": \"-5h\", \"colour\": \"red\""));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().allValues("Warning"))
        .containsExactly("299 - \"unknown field \\\"spec.ttl\\\"\"", "299 - \"unknown field \\\"spec.colour\\\"\"");
    JsonNode stored = json(send("GET", WORKSPACES + "/" + name, null));
    assertThat(stored.path("spec").has("ttl")).isFalse();
    assertThat(stored.path("spec").path("owner").asText()).isEqualTo("alice");
  }

  @Test
  void anUnknownFieldNamedWithControlAndNonAsciiCharactersIsWarnedAboutEscaped() {
    String name = name();

    HttpResponse<String> response = send("POST", WORKSPACES,
        workspace(name, "\"\u0645\u0631${jndi:x}\\u0000\\n\": 1"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().allValues("Warning"))
        .containsExactly("299 - \"unknown field \\\"spec.\\u0645\\u0631${jndi:x}\\u0000\\u000a\\\"\"");
  }

  @Test
  void ignorePrunesSilently() {
    HttpResponse<String> response = send("POST", WORKSPACES + "?fieldValidation=Ignore",
        workspace(name(), "\"ttl\": \"-5h\""));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().allValues("Warning")).isEmpty();
    assertThat(json(response).path("spec").has("ttl")).isFalse();
  }

  @Test
  void anUnknownDirectiveIsABadRequest() {
    HttpResponse<String> response = send("POST", WORKSPACES + "?fieldValidation=Loud", workspace(name(), ""));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("message").asText()).contains("Unsupported value: \"Loud\"");
  }

  @Test
  void aWrongTypeIsA422InTheServersFormat() {
    String name = name();

    HttpResponse<String> response = send("POST", WORKSPACES, workspace(name, "\"running\": \"yes\""));

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode status = json(response);
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText()).isEqualTo("Workspace.kubicle.dev \"" + name + "\" is invalid: "
        + "spec.running: Invalid value: \"string\": spec.running in body must be of type boolean: \"string\"");
    assertThat(status.at("/details/kind").asText()).isEqualTo("Workspace");
    assertThat(status.at("/details/group").asText()).isEqualTo("kubicle.dev");
    assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("spec.running");
  }

  @Test
  void aNameOrLabelARealServerWouldRefuseIsA422ListingEveryProblem() {
    String body = workspace("Not_A_Name", "\"running\": 1")
        .replace("\"metadata\": {", "\"metadata\": {\"labels\": {\"team\": \"a b\"}, ");

    HttpResponse<String> response = send("POST", WORKSPACES, body);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).path("details").path("causes").findValuesAsText("field"))
        .containsExactly("metadata.name", "metadata.labels", "spec.running");
    assertThat(json(response).path("message").asText()).startsWith("Workspace.kubicle.dev \"Not_A_Name\" is invalid: "
        + "[metadata.name: Invalid value: \"Not_A_Name\": a lowercase RFC 1123 subdomain must consist of");
  }

  @Test
  void aBodyOverThreeMebibytesIsRefusedWith413AsOnAServer() {
    String huge = workspace(name(), "\"owner\": \"" + "x".repeat(WriteAdmission.MAX_BODY_BYTES) + "\"");

    HttpResponse<String> response = send("POST", WORKSPACES, huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("message").asText()).isEqualTo("Request entity too large: limit is 3145728");
  }

  @Test
  void aDryRunChecksEverythingAndStoresNothing() {
    String name = name();
    HttpResponse<String> dryCreate = send("POST", WORKSPACES + "?dryRun=All", workspace(name, "\"ttl\": \"1h\""));
    HttpResponse<String> dryInvalid = send("POST", WORKSPACES + "?dryRun=All", workspace(name, "\"running\": 1"));
    assertThat(dryCreate.statusCode()).isEqualTo(201);
    assertThat(dryCreate.headers().allValues("Warning")).hasSize(1);
    assertThat(json(dryCreate).at("/metadata/uid").asText()).isNotEmpty();
    assertThat(dryInvalid.statusCode()).isEqualTo(422);
    assertThat(send("GET", WORKSPACES + "/" + name, null).statusCode()).as("not created").isEqualTo(404);

    JsonNode created = json(send("POST", WORKSPACES, workspace(name, "")));
    HttpResponse<String> dryPatch = send("PATCH", WORKSPACES + "/" + name + "?dryRun=All",
        "{\"spec\": {\"owner\": \"bob\"}}");
    HttpResponse<String> dryDelete = send("DELETE", WORKSPACES + "/" + name + "?dryRun=All", null);
    HttpResponse<String> badDryRun = send("PATCH", WORKSPACES + "/" + name + "?dryRun=Some", "{}");

    assertThat(dryPatch.statusCode()).isEqualTo(200);
    assertThat(json(dryPatch).at("/spec/owner").asText()).isEqualTo("bob");
    assertThat(dryDelete.statusCode()).isEqualTo(200);
    assertThat(badDryRun.statusCode()).isEqualTo(400);
    JsonNode after = json(send("GET", WORKSPACES + "/" + name, null));
    assertThat(after.at("/spec/owner").asText()).isEqualTo("alice");
    assertThat(after.at("/metadata/resourceVersion")).isEqualTo(created.at("/metadata/resourceVersion"));
  }

  @Test
  void anUpdateOfACustomResourceWithoutAResourceVersionIsA422() {
    String name = name();
    JsonNode created = json(send("POST", WORKSPACES, workspace(name, "")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) created.path("metadata")).remove("resourceVersion");

    HttpResponse<String> response = send("PUT", WORKSPACES + "/" + name, created.toString());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).path("message").asText()).isEqualTo("Workspace.kubicle.dev \"" + name
        + "\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
  }

  @Test
  void aConfigMapMayBeUpdatedWithoutAResourceVersionButNotWithAStaleOne() {
    String name = name();
    String configMap = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"" + name
        + "\"}, \"data\": {\"a\": \"1\"}}";
    JsonNode created = json(send("POST", CONFIGMAPS, configMap));

    assertThat(send("PUT", CONFIGMAPS + "/" + name, configMap.replace("\"1\"", "\"2\"")).statusCode()).isEqualTo(200);
    HttpResponse<String> stale = send("PUT", CONFIGMAPS + "/" + name, created.toString());

    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(stale).path("reason").asText()).isEqualTo("Conflict");
    assertThat(json(stale).at("/details/kind").asText()).isEqualTo("configmaps");
  }

  @Test
  void aCreateOfATakenNameIsAlreadyExists() {
    String name = name();
    send("POST", WORKSPACES, workspace(name, ""));

    HttpResponse<String> again = send("POST", WORKSPACES, workspace(name, ""));

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).path("reason").asText()).isEqualTo("AlreadyExists");
    assertThat(json(again).path("message").asText()).isEqualTo("workspaces.kubicle.dev \"" + name + "\" already exists");
  }

  @Test
  void aMergePatchReplacesListsAndNullDeletesAsRfc7386Says() {
    String name = name();
    send("POST", WORKSPACES, workspace(name, "\"parameters\": {\"a\": \"1\", \"b\": \"2\"}")
        .replace("\"metadata\": {", "\"metadata\": {\"finalizers\": [\"x\", \"y\"], "));

    HttpResponse<String> response = merge(WORKSPACES + "/" + name,
        "{\"metadata\": {\"finalizers\": [\"z\"]}, \"spec\": {\"parameters\": {\"a\": null}}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode stored = json(send("GET", WORKSPACES + "/" + name, null));
    assertThat(stored.at("/metadata/finalizers").toString()).isEqualTo("[\"z\"]");
    assertThat(stored.at("/spec/parameters").toString()).isEqualTo("{\"b\":\"2\"}");
  }

  @Test
  void aMergePatchIsPrunedValidatedAndChecksTheVersionItCarries() {
    String name = name();
    JsonNode created = json(send("POST", WORKSPACES, workspace(name, "")));
    String path = WORKSPACES + "/" + name;

    HttpResponse<String> strict = send("PATCH", path + "?fieldValidation=Strict", "{\"spec\": {\"ttl\": \"1h\"}}");
    HttpResponse<String> wrong = merge(path, "{\"spec\": {\"running\": \"no\"}}");
    HttpResponse<String> warned = merge(path, "{\"spec\": {\"ttl\": \"1h\", \"running\": false}}");
    HttpResponse<String> stale = merge(path, "{\"metadata\": {\"resourceVersion\": \""
        + created.at("/metadata/resourceVersion").asText() + "\"}, \"spec\": {\"running\": true}}");

    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(json(strict).path("message").asText()).isEqualTo("strict decoding error: unknown field \"spec.ttl\"");
    assertThat(wrong.statusCode()).isEqualTo(422);
    assertThat(warned.statusCode()).isEqualTo(200);
    assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"spec.ttl\\\"\"");
    assertThat(json(warned).path("spec").has("ttl")).isFalse();
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(send("GET", path, null)).at("/spec/running").asBoolean()).isFalse();
  }

  @Test
  void aFinalizerPatchOfAnObjectStoredWithAnObjectWhereAStringBelongsIsNotRefused() {
    // As after an upgrade tightened the schema: the stored object breaks it in a place the patch does not touch.
    String name = name();
    cluster.storeUnvalidated("workspaces", "{\"apiVersion\": \"kubicle.dev/v1alpha1\", \"kind\": \"Workspace\", "
        + "\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"default\"}, \"spec\": {\"template\": "
        + "{\"name\": \"hello\"}, \"owner\": {\"first\": \"alice\", \"nested\": {\"x\": 1}}}}");

    HttpResponse<String> finalizer = merge(WORKSPACES + "/" + name,
        "{\"metadata\": {\"finalizers\": [\"workspaces.kubicle.dev/finalizer\"]}}");
    HttpResponse<String> changed = merge(WORKSPACES + "/" + name, "{\"spec\": {\"owner\": 5}}");

    assertThat(finalizer.statusCode()).as(finalizer.body()).isEqualTo(200);
    assertThat(changed.statusCode()).as("a change to the broken value is validated").isEqualTo(422);
  }

  @Test
  void aStatusWriteIsValidatedAgainstTheStatusSchemaOnly() {
    String name = name();
    JsonNode created = json(send("POST", WORKSPACES, workspace(name, "")));
    String version = created.at("/metadata/resourceVersion").asText();

    HttpResponse<String> bad = send("PUT", WORKSPACES + "/" + name + "/status",
        created.toString().replaceFirst("\\{", "{\"status\": {\"phase\": 5},"));
    HttpResponse<String> good = send("PUT", WORKSPACES + "/" + name + "/status",
        created.toString().replaceFirst("\\{", "{\"status\": {\"phase\": \"Running\", \"extra\": 1},"));

    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).at("/details/causes/0/field").asText()).isEqualTo("status.phase");
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(json(good).at("/status").toString()).isEqualTo("{\"phase\":\"Running\"}");
    assertThat(json(good).at("/metadata/resourceVersion").asText()).isNotEqualTo(version);
  }

  @Test
  void aCrdCreatedOrTightenedAtRunTimeIsEnforcedAndUnchangedOldValuesRatchet() {
    String crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    String gadgets = "/apis/example.kubicle.dev/v1/namespaces/default/gadgets";
    String crd = """
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "gadgets.example.kubicle.dev"},
         "spec": {"group": "example.kubicle.dev", "scope": "Namespaced",
                  "names": {"kind": "Gadget", "plural": "gadgets", "singular": "gadget"},
                  "versions": [{"name": "v1", "served": true, "storage": true,
                                "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec":
                                  {"type": "object", "properties": {"size": {"type": "%s"}}}}}}}]}}
        """;
    assertThat(send("POST", crds, crd.formatted("string")).statusCode()).isEqualTo(201);
    JsonNode gadget = json(send("POST", gadgets, "{\"apiVersion\": \"example.kubicle.dev/v1\", \"kind\": \"Gadget\","
        + " \"metadata\": {\"name\": \"g\"}, \"spec\": {\"size\": \"big\", \"colour\": \"red\"}}"));
    assertThat(gadget.path("spec").toString()).isEqualTo("{\"size\":\"big\"}");

    JsonNode stored = json(send("GET", crds + "/gadgets.example.kubicle.dev", null));
    ((com.fasterxml.jackson.databind.node.ObjectNode) stored.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec"
        + "/properties/size")).put("type", "integer");
    assertThat(send("PUT", crds + "/gadgets.example.kubicle.dev", stored.toString()).statusCode()).isEqualTo(200);

    HttpResponse<String> labelled = merge(gadgets + "/g", "{\"metadata\": {\"labels\": {\"a\": \"b\"}}}");
    HttpResponse<String> changed = merge(gadgets + "/g", "{\"spec\": {\"size\": \"bigger\"}}");

    assertThat(labelled.statusCode()).as("the unchanged old value ratchets").isEqualTo(200);
    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(json(changed).path("message").asText()).isEqualTo("Gadget.example.kubicle.dev \"g\" is invalid: "
        + "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"");
  }

  private static String workspace(String name, String extraSpec) {
    return "{\"apiVersion\": \"kubicle.dev/v1alpha1\", \"kind\": \"Workspace\", \"metadata\": {\"name\": \"" + name
        + "\"}, \"spec\": {\"template\": {\"name\": \"hello\"}, \"owner\": \"alice\""
        + (extraSpec.isEmpty() ? "" : ", " + extraSpec) + "}}";
  }

  private static String name() {
    return "w-" + (++counter);
  }

  private static HttpResponse<String> merge(String path, String body) {
    return send("PATCH", path, body);
  }

  private static HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
