package dev.kubicle.api.serialization;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;

/** Wires the tolerant reading and faithful writing of {@link MayBeUnreadable} resources into a mapper. */
final class UnreadableResourceModule extends SimpleModule {
  UnreadableResourceModule() {
    super("kubicle-unreadable-resources");
    setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
          JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        return MayBeUnreadable.class.isAssignableFrom(type) ? new TolerantResourceDeserializer(type, deserializer)
            : deserializer;
      }
    });
    setSerializerModifier(new BeanSerializerModifier() {
      @Override
      public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
          JsonSerializer<?> serializer) {
        Class<?> type = description.getBeanClass();
        return MayBeUnreadable.class.isAssignableFrom(type) ? new UnreadableResourceSerializer(type, serializer)
            : serializer;
      }
    });
  }
}
