package dev.kubicle.api.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes an unreadable resource back as it was stored, with only its metadata taken from the object (where a
 * finalizer may have been added). So a diff between two copies, a clone, or a patch never touches a spec the
 * operator could not read, and a clone read back is unreadable for the same reason.
 */
final class UnreadableResourceSerializer extends StdSerializer<Object>
    implements ResolvableSerializer, ContextualSerializer {
  private final JsonSerializer<Object> delegate;

  @SuppressWarnings("unchecked")
  UnreadableResourceSerializer(Class<?> type, JsonSerializer<?> delegate) {
    super((Class<Object>) type);
    this.delegate = (JsonSerializer<Object>) delegate;
  }

  @Override
  public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    Unreadable why = ((MayBeUnreadable) value).unreadable().orElse(null);
    if (why == null) {
      delegate.serialize(value, gen, provider);
      return;
    }
    gen.writeStartObject(value);
    boolean metadataWritten = false;
    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = why.raw().fields();
        fields.hasNext(); ) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = fields.next();
      if (field.getKey().equals("metadata")) {
        provider.defaultSerializeField("metadata", ((HasMetadata) value).getMetadata(), gen);
        metadataWritten = true;
      } else {
        gen.writeFieldName(field.getKey());
        RawJsonWriter.write(field.getValue(), gen);
      }
    }
    if (!metadataWritten && ((HasMetadata) value).getMetadata() != null) {
      provider.defaultSerializeField("metadata", ((HasMetadata) value).getMetadata(), gen);
    }
    gen.writeEndObject();
  }

  @Override
  public void resolve(SerializerProvider provider) throws JsonMappingException {
    if (delegate instanceof ResolvableSerializer resolvable) {
      resolvable.resolve(provider);
    }
  }

  @Override
  public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
      throws JsonMappingException {
    JsonSerializer<?> contextual = provider.handlePrimaryContextualization(delegate, property);
    return contextual == delegate ? this : new UnreadableResourceSerializer(handledType(), contextual);
  }
}
