package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.kubicle.operator.dev.schema.FieldError;
import dev.kubicle.operator.dev.schema.ObjectMetaFields;
import dev.kubicle.operator.dev.schema.ObjectMetaValidation;
import dev.kubicle.operator.dev.schema.Ratchet;
import dev.kubicle.operator.dev.schema.SchemaPruner;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Does to creates, updates and patches what kube-apiserver does before it stores them, then hands the result to the
 * mock's store: optimistic concurrency (a stale {@code metadata.resourceVersion} is a 409 Conflict, on objects and
 * on {@code /status} alike; a custom resource update without one is a 422), and for custom resources whose CRD has
 * a schema, pruning of undeclared fields under {@link FieldValidation}, ObjectMeta validation (name, labels,
 * annotations) and schema validation (422 Invalid).
 *
 * <p>Patches (JSON and merge) are applied here and stored as an update of the result, so the same checks see the
 * object as it would be stored. Writes are serialized: the check and the store's write must not interleave with
 * another write's, or two updates from the same version could both pass.
 */
final class WriteAdmission {

  /** kube-apiserver refuses larger request bodies with 413 (its MaxRequestBodyBytes); so do we. */
  static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  private final KubernetesCrudDispatcher store;
  private final InstalledCrds crds;
  private final ReentrantLock writes = new ReentrantLock();

  WriteAdmission(KubernetesCrudDispatcher store) {
    this.store = store;
    this.crds = new InstalledCrds(store);
  }

  /**
   * Answers a POST, PUT, PATCH or DELETE; a DELETE is only looked at for a dry run, and a path that is not a
   * resource goes to the store as is.
   */
  MockResponse write(RecordedRequest request) {
    Optional<ApiRequestPath> parsed = ApiRequestPath.parse(request.getPath());
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      return store.dispatch(request);
    }
    if (parsed.isPresent() && !DryRun.isValid(parsed.get())) {
      return ApiStatus.badRequest(DryRun.unsupported(parsed.get()));
    }
    if (method == HttpMethod.DELETE && parsed.isPresent() && DryRun.requested(parsed.get())) {
      return store.handleGet(request.getPath().split("\\?", 2)[0]); // what would be deleted, left in place
    }
    if (parsed.isEmpty() || (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH)
        || (parsed.get().subresource() != null && !parsed.get().subresource().equals("status"))) {
      return store.dispatch(request);
    }
    if (request.getBody() != null && request.getBody().size() > MAX_BODY_BYTES) {
      return ApiStatus.tooLarge(MAX_BODY_BYTES);
    }
    ApiRequestPath path = parsed.get();
    String directive = path.query().get(FieldValidation.PARAMETER);
    Optional<FieldValidation> validation = FieldValidation.parse(directive);
    if (validation.isEmpty()) {
      return ApiStatus.badRequest(FieldValidation.unsupported(directive));
    }
    writes.lock();
    try {
      Write write = new Write(request, path, validation.get(), crds.find(path));
      return switch (method) {
        case POST -> write.create();
        case PUT -> write.update();
        default -> write.patch();
      };
    } catch (Rejected rejected) {
      return rejected.response;
    } finally {
      writes.unlock();
    }
  }

  /** A refusal, thrown from deep inside a check and answered as is. */
  private static final class Rejected extends Exception {
    private final transient MockResponse response;

    Rejected(MockResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  /** One request on its way through the checks. */
  private final class Write {
    private final RecordedRequest request;
    private final ApiRequestPath path;
    private final FieldValidation validation;
    private final Optional<InstalledCrds.Version> crd;
    private final WarningHeaders warnings = new WarningHeaders();

    Write(RecordedRequest request, ApiRequestPath path, FieldValidation validation,
        Optional<InstalledCrds.Version> crd) {
      this.request = request;
      this.path = path;
      this.validation = validation;
      this.crd = crd;
    }

    MockResponse create() throws Rejected {
      if (path.name() != null || path.subresource() != null
          || (schema().isEmpty() && !DryRun.requested(path))) {
        String name = nameIn(null); // before the store reads the body, which empties it
        return alreadyExistsAsOnAServer(store.dispatch(request), name);
      }
      ObjectNode body = objectBody();
      admit(body, null, false, false);
      if (DryRun.requested(path)) {
        String name = nameIn(body);
        if (!name.isEmpty() && store.handleGet(request.getPath().split("\\?", 2)[0] + "/" + name).code()
            == HttpURLConnection.HTTP_OK) {
          throw new Rejected(ApiStatus.alreadyExists(path.group(), path.resource(), name));
        }
        return warnings.on(DryRun.created(body, path.namespace(),
            crd.map(InstalledCrds.Version::statusSubresource).orElse(false)));
      }
      MockResponse response = store.dispatch(forward(HttpMethod.POST, body));
      return warnings.on(alreadyExistsAsOnAServer(response, nameIn(body)));
    }

    MockResponse update() throws Rejected {
      if (path.name() == null) {
        return store.dispatch(request);
      }
      Optional<ObjectNode> stored = stored();
      if (stored.isEmpty()) {
        return store.dispatch(request); // the store's 404, which DevDispatcher words
      }
      ObjectNode body = objectBody();
      String version = body.path("metadata").path("resourceVersion").asText("");
      if (version.isEmpty() && crd.isPresent()) {
        // Custom resources do not allow unconditional updates (ConfigMaps, Secrets and most built-ins do).
        throw new Rejected(ApiStatus.invalid(crd.get().group(), crd.get().kind(), path.name(), List.of(
            new FieldError(FieldError.Type.INVALID, "metadata.resourceVersion", new POJONode("0x0"),
                "must be specified for an update"))));
      }
      if (!version.isEmpty() && !version.equals(resourceVersion(stored.get()))) {
        throw new Rejected(ApiStatus.conflict(path.group(), path.resource(), path.name()));
      }
      admit(body, stored.get(), isStatus(), false);
      return store(stored.get(), body);
    }

    MockResponse patch() throws Rejected {
      Optional<Patches.Type> type = Patches.typeOf(request.getHeader("Content-Type"));
      if (type.isEmpty() || path.name() == null) {
        return store.dispatch(request); // strategic merge and apply patches: the store's 415 or 404
      }
      Optional<ObjectNode> stored = stored();
      if (stored.isEmpty()) {
        return store.dispatch(request);
      }
      ObjectNode base = schema().map(schema -> SchemaChecks.asRead(stored.get(), schema))
          .orElseGet(() -> stored.get().deepCopy());
      JsonNode result;
      try {
        result = Patches.apply(type.get(), base, parse(bodyText()));
      } catch (Patches.PatchException e) {
        throw new Rejected(ApiStatus.unprocessable(e.getMessage()));
      }
      if (!(result instanceof ObjectNode patched) || !(patched.get("metadata") instanceof ObjectNode metadata)) {
        throw new Rejected(ApiStatus.badRequest("the patched object must be an object with metadata"));
      }
      String version = metadata.path("resourceVersion").asText("");
      String current = resourceVersion(stored.get());
      if (!version.isEmpty() && !version.equals(current)) {
        throw new Rejected(ApiStatus.conflict(path.group(), path.resource(), path.name()));
      }
      metadata.put("resourceVersion", current);
      admit(patched, stored.get(), isStatus(), true);
      return store(stored.get(), patched);
    }

    /** Prunes {@code body} in place and refuses it if the directive or the schema says so. */
    private void admit(ObjectNode body, ObjectNode stored, boolean statusWrite, boolean patch) throws Rejected {
      Optional<JsonNode> schema = schema();
      if (schema.isEmpty()) {
        return;
      }
      InstalledCrds.Version version = crd.orElseThrow();
      String kind = version.kind();
      List<String> metaProblems = ObjectMetaFields.typeProblems(body.path("metadata"));
      if (!metaProblems.isEmpty()) {
        throw new Rejected(ApiStatus.badRequest(kind + " in version \"" + version.version()
            + "\" cannot be handled as a " + kind + ": " + String.join(", ", metaProblems)));
      }
      List<String> unknown = SchemaPruner.prune(body, schema.get());
      if (validation == FieldValidation.STRICT && !unknown.isEmpty()) {
        String decoding = "strict decoding error: " + String.join(", ",
            unknown.stream().map(field -> "unknown field \"" + field + "\"").toList());
        // Create and update fail while decoding the body, a patch after applying it; the server words them so.
        throw new Rejected(ApiStatus.badRequest(patch ? decoding
            : kind + " in version \"" + version.version() + "\" cannot be handled as a " + kind + ": " + decoding));
      }
      List<FieldError> errors = new ArrayList<>(statusWrite ? List.of()
          : ObjectMetaValidation.validate(body.path("metadata"), stored == null));
      List<FieldError> schemaErrors = SchemaChecks.validate(version, schema.get(), body, statusWrite);
      errors.addAll(stored == null ? schemaErrors
          : Ratchet.changedOnly(schemaErrors, SchemaChecks.asRead(stored, schema.get()), body));
      if (!errors.isEmpty()) {
        throw new Rejected(ApiStatus.invalid(version.group(), kind, nameIn(body), errors));
      }
      if (validation == FieldValidation.WARN) {
        unknown.forEach(field -> warnings.add("unknown field \"" + field + "\""));
      }
    }

    /**
     * Stores an admitted update. A status write sends the stored object with the new status, as that is all the
     * store takes from it; a main write keeps the stored deletion mark, which a client can neither set nor clear.
     */
    private MockResponse store(ObjectNode stored, ObjectNode body) {
      ObjectNode forwarded;
      if (isStatus()) {
        forwarded = stored.deepCopy();
        if (body.has("status")) {
          forwarded.set("status", body.get("status"));
        } else {
          forwarded.remove("status");
        }
      } else {
        forwarded = body;
        ObjectNode metadata = (ObjectNode) body.get("metadata");
        JsonNode deletion = stored.path("metadata").get("deletionTimestamp");
        if (deletion == null || deletion.isNull()) {
          metadata.remove("deletionTimestamp");
        } else {
          metadata.set("deletionTimestamp", deletion);
        }
      }
      if (DryRun.requested(path)) {
        forwarded.with("metadata").put("resourceVersion", resourceVersion(stored));
        return warnings.on(DryRun.updated(forwarded));
      }
      MockResponse response = store.dispatch(forward(HttpMethod.PUT, forwarded));
      if (response.code() == HttpURLConnection.HTTP_CONFLICT) {
        // A delete slipped in between (it bumps the version of an object with finalizers): worded as a server.
        return ApiStatus.conflict(path.group(), path.resource(), path.name());
      }
      return warnings.on(response);
    }

    private Optional<JsonNode> schema() {
      return crd.map(InstalledCrds.Version::schema).filter(JsonNode::isObject);
    }

    private boolean isStatus() {
      return "status".equals(path.subresource());
    }

    private Optional<ObjectNode> stored() {
      String objectPath = request.getPath().split("\\?", 2)[0].replaceFirst("/status/?$", "");
      MockResponse response = store.handleGet(objectPath);
      if (response.code() != HttpURLConnection.HTTP_OK || response.getBody() == null) {
        return Optional.empty();
      }
      return Optional.of((ObjectNode) Serialization.unmarshal(response.getBody().readUtf8(), JsonNode.class));
    }

    private ObjectNode objectBody() throws Rejected {
      JsonNode body = parse(bodyText());
      if (!(body instanceof ObjectNode object) || !(object.get("metadata") instanceof ObjectNode)) {
        throw new Rejected(ApiStatus.badRequest("the request body must be a JSON object with metadata"));
      }
      return object;
    }

    private JsonNode parse(String text) throws Rejected {
      try {
        return Serialization.jsonMapper().readTree(text);
      } catch (java.io.IOException | RuntimeException e) {
        throw new Rejected(ApiStatus.badRequest("the request body is not valid JSON: "
            + e.getMessage().lines().findFirst().orElse("")));
      }
    }

    /** The body as text, without consuming it (the mock's Buffer empties itself on read). */
    private String bodyText() {
      return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private RecordedRequest forward(HttpMethod method, ObjectNode body) {
      io.fabric8.mockwebserver.http.Headers headers = request.getHeaders().newBuilder()
          .set("Content-Type", "application/json").build();
      return new RecordedRequest(request.getHttpVersion(), method, request.getPath(), headers,
          new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private MockResponse alreadyExistsAsOnAServer(MockResponse response, String name) {
      if (response.code() != HttpURLConnection.HTTP_CONFLICT) {
        return response;
      }
      return ApiStatus.alreadyExists(path.group(), path.resource(), name);
    }

    private String nameIn(ObjectNode body) {
      if (body == null) {
        try {
          body = (ObjectNode) parse(bodyText());
        } catch (Rejected | ClassCastException e) {
          return path.name() == null ? "" : path.name();
        }
      }
      String name = body.path("metadata").path("name").asText("");
      return name.isEmpty() && path.name() != null ? path.name() : name;
    }
  }

  private static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("");
  }
}
