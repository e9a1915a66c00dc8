package dev.kubicle.api.serialization;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * How every Kubicle process (operator, webhook, gateway) reads and writes API objects: unknown fields are ignored,
 * as an API server prunes them; a Workspace, Template or AgentTask that still cannot be read comes back marked
 * {@link MayBeUnreadable} instead of throwing (one throw inside an informer stops it watching everything). Build
 * every Kubernetes client with {@link #clientBuilder()}.
 */
public final class KubicleSerialization {
  /**
   * Deepest nesting read. The API server accepts objects nested 10,000 levels deep; Jackson's default (1,000) would
   * fail the whole watch event instead of the one object.
   */
  public static final int MAX_NESTING = 10_001;

  private static final ObjectMapper MAPPER = configure(new ObjectMapper());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(MAPPER, true);

  private KubicleSerialization() {}

  /** The serialization shared by every client Kubicle builds. */
  public static KubernetesSerialization serialization() {
    return SERIALIZATION;
  }

  /** Its JSON mapper (fabric8's modules included), for reading objects outside a client, e.g. in admission reviews. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A client builder reading with this serialization; add the config and HTTP client as usual. */
  public static KubernetesClientBuilder clientBuilder() {
    return new KubernetesClientBuilder().withKubernetesSerialization(SERIALIZATION);
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    mapper.getFactory().setStreamWriteConstraints(
        StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.registerModule(new UnreadableResourceModule());
    return mapper;
  }
}
