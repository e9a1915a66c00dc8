package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRequestPathTest {

  @Test
  void namespacedCustomResourcesWithAnEncodedQuery() {
    ApiRequestPath path = ApiRequestPath.parse("/apis/kubicle.dev/v1alpha1/namespaces/default/workspaces"
        + "?fieldSelector=metadata.name%3Dalice&watch=true").orElseThrow();

    assertThat(path.group()).isEqualTo("kubicle.dev");
    assertThat(path.version()).isEqualTo("v1alpha1");
    assertThat(path.namespace()).isEqualTo("default");
    assertThat(path.resource()).isEqualTo("workspaces");
    assertThat(path.name()).isNull();
    assertThat(path.query()).containsEntry("fieldSelector", "metadata.name=alice");
    assertThat(path.isWatch()).isTrue();
  }

  @Test
  void coreResourcesNamespacesThemselvesAndSubresources() {
    assertThat(ApiRequestPath.parse("/api/v1/namespaces/default").orElseThrow())
        .extracting(ApiRequestPath::resource, ApiRequestPath::name).containsExactly("namespaces", "default");
    assertThat(ApiRequestPath.parse("/api/v1/namespaces").orElseThrow().resource()).isEqualTo("namespaces");
    ApiRequestPath status = ApiRequestPath.parse("/apis/kubicle.dev/v1alpha1/namespaces/d/workspaces/w/status")
        .orElseThrow();
    assertThat(status.subresource()).isEqualTo("status");
    assertThat(status.isObjectOrList()).isFalse();
    assertThat(ApiRequestPath.parse("/api/v1/pods?watch=1").orElseThrow().isWatch()).isTrue();
  }

  @Test
  void discoveryAndOtherPathsAreNotResources() {
    assertThat(ApiRequestPath.parse("/apis/kubicle.dev/v1alpha1")).isEmpty();
    assertThat(ApiRequestPath.parse("/api/v1")).isEmpty();
    assertThat(ApiRequestPath.parse("/version")).isEmpty();
    assertThat(ApiRequestPath.parse("/openapi/v2")).isEmpty();
  }
}
