package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fronts the mock's CRUD store with what a real API server also answers: discovery, version and health, Tables
 * for {@code kubectl get}, the object's name when it is not found, and, through {@link WriteAdmission}, the checks
 * a real server makes before it stores a write (resourceVersion conflicts, schema pruning and validation).
 *
 * <p>We route here instead of using {@code expect()}: the mock's expectations match the path including its query
 * string, and kubectl adds {@code ?timeout=32s} to discovery requests. Discovery is computed from the CRDs in the
 * store on every request, so a CRD created at run time shows up like on a real cluster.
 */
final class DevDispatcher extends Dispatcher {

  private static final String CRD_LIST_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String JSON = "application/json";

  private final KubernetesCrudDispatcher store;
  private final WriteAdmission admission;
  private final RequestLog log;
  private final ServerTables tables;
  private final Map<String, String> version;

  /**
   * @param store the CRUD store every resource request goes to
   * @param log where every request is recorded
   */
  DevDispatcher(KubernetesCrudDispatcher store, RequestLog log) {
    this.store = store;
    this.admission = new WriteAdmission(store);
    this.log = log;
    this.tables = new ServerTables(this::installedCrds, Clock.systemUTC());
    this.version = new LinkedHashMap<>();
    version.put("major", "1");
    version.put("minor", "32");
    version.put("gitVersion", "v1.32.0-kubicle-dev");
    version.put("gitCommit", "kubicle-dev");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2025-01-01T00:00:00Z");
    version.put("goVersion", "n/a");
    version.put("compiler", "n/a");
    version.put("platform", "java/" + System.getProperty("os.arch"));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    log.record(request.getMethod(), withoutQuery(request.getPath()));
    try {
      String contentType = request.getHeader("Content-Type");
      if (contentType != null && contentType.contains("protobuf")) {
        // kubectl's imperative commands (create configmap, create secret, ...) send built-in kinds as protobuf.
        return status(HttpURLConnection.HTTP_UNSUPPORTED_TYPE, "UnsupportedMediaType",
            "the Kubicle dev cluster only understands JSON; write a manifest and use kubectl apply -f");
      }
      return withNotFoundStatus(request, route(normalizedWatch(request)));
    } catch (RuntimeException e) {
      // Without this an unparsable body throws on the event loop and the client waits for an answer forever.
      return status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError",
          "the Kubicle dev cluster could not handle " + request.getMethod() + " " + request.getPath() + ": " + e);
    }
  }

  /**
   * The store answers a missing object with an empty 404; kubectl then prints "the server could not find the
   * requested resource", which reads like a wrong URL. A real server says which object is missing.
   */
  private static MockResponse withNotFoundStatus(RecordedRequest request, MockResponse response) {
    if (response.code() != HttpURLConnection.HTTP_NOT_FOUND
        || (response.getBody() != null && response.getBody().size() > 0)) {
      return response;
    }
    Optional<ApiRequestPath> resource = ApiRequestPath.parse(request.getPath());
    if (resource.isEmpty() || resource.get().name() == null) {
      return response;
    }
    ApiRequestPath r = resource.get();
    String qualified = r.group().isEmpty() ? r.resource() : r.resource() + "." + r.group();
    return json(HttpURLConnection.HTTP_NOT_FOUND, Serialization.asJson(new StatusBuilder()
        .withApiVersion("v1").withKind("Status").withStatus("Failure").withReason("NotFound")
        .withCode(HttpURLConnection.HTTP_NOT_FOUND).withMessage(qualified + " \"" + r.name() + "\" not found")
        .withNewDetails().withName(r.name()).withGroup(r.group()).withKind(r.resource()).endDetails()
        .build()));
  }

  /** Server-side printing, shared with the HTTP watch stream so watch events carry Tables too. */
  ServerTables tables() {
    return tables;
  }

  private MockResponse route(RecordedRequest request) {
    String path = withoutQuery(request.getPath());
    boolean get = request.method() == HttpMethod.GET;
    if (get && DiscoveryDocuments.isDiscoveryPath(path)) {
      // Plain documents whatever the Accept header says: kubectl asks for aggregated discovery
      // (apidiscovery.k8s.io/v2) first and falls back when the response's Content-Type is plain JSON.
      return DiscoveryDocuments.of(installedCrds()).forPath(path)
          .map(document -> json(HttpURLConnection.HTTP_OK, Serialization.asJson(document)))
          .orElseGet(() -> notFound(path));
    }
    if (get && path.equals("/version")) {
      return json(HttpURLConnection.HTTP_OK, Serialization.asJson(version));
    }
    if (get && path.equals("/")) {
      return json(HttpURLConnection.HTTP_OK, Serialization.asJson(Map.of("paths", List.of("/api", "/apis",
          "/version", "/healthz", "/livez", "/readyz"))));
    }
    if (get && (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz"))) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader("Content-Type", "text/plain")
          .setBody("ok");
    }
    if (get && path.equals("/openapi/v2")) {
      // kubectl validates manifests client-side against OpenAPI v2 (as protobuf) when /openapi/v3 is missing, and
      // refuses to apply without it. An empty protobuf message is an empty body: a document that knows no kinds,
      // so kubectl skips validation for every kind instead of failing. The mock does no schema validation either.
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
          .setHeader("Content-Type", "application/octet-stream");
    }
    if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
      // The CRUD store treats a path it cannot parse as "match everything" and would answer /openapi/v2 with a
      // list of every object; a 404 tells kubectl there is no OpenAPI and it falls back cleanly.
      return notFound(path);
    }
    if (get && path.startsWith("/api/v1/namespaces/") && path.matches(".*/pods/[^/]+/log")) {
      // No kubelet, so no container logs; the CRUD store would otherwise answer with an unrelated object.
      return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound",
          "the Kubicle dev cluster runs no containers, so it keeps no pod logs");
    }
    if (request.method() == HttpMethod.PUT || request.method() == HttpMethod.PATCH) {
      return withFinalObjectOnDelete(request);
    }
    if (request.method() == HttpMethod.POST || request.method() == HttpMethod.DELETE) {
      return admission.write(request);
    }
    if (get && ServerTables.wantsTable(request.getHeader("Accept"))) {
      Optional<ApiRequestPath> resource = ApiRequestPath.parse(request.getPath());
      if (resource.isPresent() && resource.get().isObjectOrList() && !resource.get().isWatch()) {
        return asTable(resource.get(), store.dispatch(request));
      }
    }
    return store.dispatch(request);
  }

  /**
   * The store's answer as a Table, when it is an object or a list; errors (a 404 Status, say) pass through, as a
   * real server also answers them as Status.
   */
  private MockResponse asTable(ApiRequestPath resource, MockResponse response) {
    if (response.code() != HttpURLConnection.HTTP_OK || response.getBody() == null
        || response.getBody().size() == 0) {
      return response;
    }
    JsonNode body = Serialization.unmarshal(response.getBody().readUtf8(), JsonNode.class);
    return json(HttpURLConnection.HTTP_OK, Serialization.asJson(
        tables.table(tables.columnsFor(resource), body, resource.query().get("includeObject"))));
  }

  /**
   * Makes a watch request readable by the store, which only recognises {@code watch=true} and takes the name of a
   * {@code fieldSelector=metadata.name=x} watch from the raw query: client-go sends it URL-encoded
   * ({@code metadata.name%3Dx}), which the store would take for a name that matches nothing.
   */
  private static RecordedRequest normalizedWatch(RecordedRequest request) {
    String path = request.getPath();
    if (request.method() != HttpMethod.GET || path.indexOf('?') < 0) {
      return request;
    }
    Optional<ApiRequestPath> resource = ApiRequestPath.parse(path);
    if (resource.isEmpty() || !resource.get().isWatch()) {
      return request;
    }
    StringBuilder query = new StringBuilder();
    for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
      String rewritten = pair;
      if (pair.equals("watch=1")) {
        rewritten = "watch=true";
      } else if (pair.startsWith("fieldSelector=")) {
        rewritten = "fieldSelector=" + resource.get().query().get("fieldSelector");
      }
      query.append(query.length() == 0 ? "" : "&").append(rewritten);
    }
    String normalized = withoutQuery(path) + "?" + query;
    if (normalized.equals(path)) {
      return request;
    }
    return new RecordedRequest(request.getHttpVersion(), request.method(), normalized, request.getHeaders(),
        request.getBody());
  }

  /**
   * An update that removes the last finalizer of an object being deleted deletes it; the mock then answers with an
   * empty body, which kubectl reports as "unexpected end of JSON input" and fabric8 turns into a null result. A real
   * server returns the object's final state, so we do: the stored object without its finalizers.
   */
  private MockResponse withFinalObjectOnDelete(RecordedRequest request) {
    MockResponse before = store.handleGet(withoutQuery(request.getPath()));
    MockResponse response = admission.write(request);
    boolean emptySuccess = response.code() / 100 == 2
        && (response.getBody() == null || response.getBody().size() == 0);
    if (!emptySuccess || before.code() != HttpURLConnection.HTTP_OK || before.getBody() == null) {
      return response;
    }
    ObjectNode last = (ObjectNode) Serialization.unmarshal(before.getBody().readUtf8(), JsonNode.class);
    if (last.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("finalizers");
    }
    return json(HttpURLConnection.HTTP_OK, Serialization.asJson(last));
  }

  private List<CustomResourceDefinition> installedCrds() {
    MockResponse response = store.handleGet(CRD_LIST_PATH);
    return Optional.ofNullable(response.getBody())
        .map(body -> Serialization.unmarshal(body.readUtf8(), CustomResourceDefinitionList.class))
        .map(CustomResourceDefinitionList::getItems)
        .orElse(List.of());
  }

  private static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(body);
  }

  private static MockResponse notFound(String path) {
    return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound",
        "the server could not find the requested resource (" + path + ")");
  }

  private static MockResponse status(int code, String reason, String message) {
    return json(code, Serialization.asJson(new StatusBuilder()
        .withApiVersion("v1").withKind("Status").withStatus("Failure").withReason(reason).withCode(code)
        .withMessage(message).build()));
  }
}
