package dev.kubicle.api.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a custom resource the normal way; when that fails (a field of the wrong type, a value out of range), it
 * returns the resource with its metadata, the spec and status that can each be read alone (null otherwise), and an
 * {@link Unreadable} marker, instead of throwing. An informer that throws on one object stops watching them all.
 */
final class TolerantResourceDeserializer extends DelegatingDeserializer {
  private final Class<?> type;

  TolerantResourceDeserializer(Class<?> type, JsonDeserializer<?> delegate) {
    super(delegate);
    this.type = type;
  }

  @Override
  protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
    return new TolerantResourceDeserializer(type, newDelegatee);
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = ctxt.readTree(p);
    if (!(tree instanceof ObjectNode object)) {
      return ctxt.handleUnexpectedToken(type, p); // not an object at all: not a resource, let the caller say so
    }
    Object read;
    try (JsonParser again = object.traverse(p.getCodec())) {
      again.nextToken();
      read = _delegatee.deserialize(again, ctxt);
    } catch (IOException | RuntimeException e) {
      return partial(object, e, ctxt);
    }
    if (read instanceof CustomResource<?, ?> resource && resource.getSpec() == null) {
      // "spec": null. Absent, it would have been the kind's empty spec; null would reach every reader.
      ((MayBeUnreadable) read).markUnreadable(new Unreadable("spec", "expected an object, found null", object));
    }
    return read;
  }

  private Object partial(ObjectNode object, Exception failure, DeserializationContext ctxt) throws IOException {
    Object resource = instantiate();
    CustomResource<Object, Object> cr = cast(resource);
    cr.setApiVersion(object.path("apiVersion").asText(null));
    cr.setKind(object.path("kind").asText(null));
    cr.setMetadata(metadata(object.path("metadata"), ctxt));
    JavaType[] parts = ctxt.getTypeFactory().constructType(type).findTypeParameters(CustomResource.class);
    cr.setSpec(part(object.get("spec"), parts.length > 0 ? parts[0] : null, ctxt));
    cr.setStatus(part(object.get("status"), parts.length > 1 ? parts[1] : null, ctxt));
    ((MayBeUnreadable) resource).markUnreadable(ReadProblems.describe(failure, object, object));
    return resource;
  }

  private Object instantiate() throws IOException {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot create a " + type.getSimpleName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static CustomResource<Object, Object> cast(Object resource) {
    return (CustomResource<Object, Object>) resource;
  }

  /** The spec or status alone, or null when it is absent or cannot be read either. */
  private static Object part(JsonNode node, JavaType partType, DeserializationContext ctxt) {
    if (node == null || node.isNull() || partType == null) {
      return null;
    }
    try {
      return ctxt.readTreeAsValue(node, partType);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The metadata; when even that cannot be read, the identity fields every stored object has. */
  private static ObjectMeta metadata(JsonNode node, DeserializationContext ctxt) {
    try {
      ObjectMeta meta = ctxt.readTreeAsValue(node, ObjectMeta.class);
      if (meta != null) {
        return meta;
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the fields that identify it
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(text(node, "name"));
    meta.setNamespace(text(node, "namespace"));
    meta.setUid(text(node, "uid"));
    meta.setResourceVersion(text(node, "resourceVersion"));
    meta.setCreationTimestamp(text(node, "creationTimestamp"));
    meta.setDeletionTimestamp(text(node, "deletionTimestamp"));
    meta.setGeneration(node.path("generation").isIntegralNumber() ? node.path("generation").asLong() : null);
    JsonNode finalizers = node.path("finalizers");
    if (finalizers.isArray()) {
      List<String> names = new ArrayList<>();
      finalizers.forEach(f -> {
        if (f.isTextual()) {
          names.add(f.asText());
        }
      });
      meta.setFinalizers(names);
    }
    return meta;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }
}
