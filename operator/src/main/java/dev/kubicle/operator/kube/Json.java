package dev.kubicle.operator.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubicle.api.serialization.KubicleSerialization;

/**
 * One shared Jackson mapper for copies and comparisons of API objects; the clients' own (so a copy of an object
 * the operator could not read stays marked unreadable and keeps its stored fields).
 */
public final class Json {
  private static final ObjectMapper MAPPER = KubicleSerialization.mapper().copy()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A deep copy through JSON, so a status can be edited without touching the informer's cached object. */
  public static <T> T copy(T value, Class<T> type) {
    if (value == null) {
      return null;
    }
    return MAPPER.convertValue(value, type);
  }

  /** Canonical JSON (map keys sorted): equal text means an equal object. */
  public static String canonical(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }
}
