package dev.kubicle.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** A parameter's mutable and ephemeral flags survive JSON both ways (the API server, snapshots, the console). */
class TemplateParameterJsonTest {
  @Test
  void mutableAndEphemeralAreWrittenAndRead() {
    TemplateParameter p = new TemplateParameter();
    p.setName("cpu");
    p.setMutable(true);
    p.setEphemeral(true);
    String json = Serialization.asJson(p);
    assertThat(json).contains("\"mutable\":true").contains("\"ephemeral\":true")
        .doesNotContain("required").doesNotContain("effectiveType");

    TemplateParameter back = Serialization.unmarshal("{\"name\":\"cpu\",\"mutable\":true,\"ephemeral\":true}",
        TemplateParameter.class);
    assertThat(back.isMutable()).isTrue();
    assertThat(back.isEphemeral()).isTrue();
    assertThat(Serialization.unmarshal("{\"name\":\"cpu\"}", TemplateParameter.class).isMutable()).isFalse();
  }
}
