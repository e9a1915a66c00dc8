package dev.kubicle.operator.dev;

import dev.kubicle.operator.dev.BuiltInApiResources.Resource;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The legacy (non-aggregated) discovery documents for the built-in resources plus whatever CRDs are installed. */
final class DiscoveryDocuments {

  private static final Pattern GROUP_PATH = Pattern.compile("/apis/([^/]+)");
  private static final Pattern GROUP_VERSION_PATH = Pattern.compile("/apis/([^/]+)/([^/]+)");

  // group -> versions in preference order -> resources; "" is the core group.
  private final Map<String, Map<String, List<Resource>>> groups = new LinkedHashMap<>();

  private DiscoveryDocuments() {
  }

  /** Documents for the built-in table and the given CRDs (served versions only, as the real server does). */
  static DiscoveryDocuments of(List<CustomResourceDefinition> crds) {
    DiscoveryDocuments documents = new DiscoveryDocuments();
    BuiltInApiResources.RESOURCES.forEach(documents::add);
    crds.forEach(documents::addCrd);
    return documents;
  }

  /** True for the paths this class answers (without query string); everything else belongs to the CRUD store. */
  static boolean isDiscoveryPath(String path) {
    return path.equals("/api") || path.equals("/api/v1") || path.equals("/apis")
        || GROUP_PATH.matcher(path).matches() || GROUP_VERSION_PATH.matcher(path).matches();
  }

  /** The document for a discovery path, or empty when the group or version is unknown (a 404 for kubectl). */
  Optional<Object> forPath(String path) {
    if (path.equals("/api")) {
      return Optional.of(new APIVersionsBuilder().withKind("APIVersions").withVersions("v1").build());
    }
    if (path.equals("/api/v1")) {
      return resourceList("", "v1");
    }
    if (path.equals("/apis")) {
      return Optional.of(new APIGroupListBuilder().withApiVersion("v1").withKind("APIGroupList")
          .withGroups(groups.keySet().stream().filter(g -> !g.isEmpty()).map(this::group).toList()).build());
    }
    Matcher groupVersion = GROUP_VERSION_PATH.matcher(path);
    if (groupVersion.matches()) {
      return resourceList(groupVersion.group(1), groupVersion.group(2));
    }
    Matcher group = GROUP_PATH.matcher(path);
    if (group.matches() && groups.containsKey(group.group(1))) {
      return Optional.of(this.group(group.group(1)));
    }
    return Optional.empty();
  }

  private Optional<Object> resourceList(String group, String version) {
    List<Resource> resources = groups.getOrDefault(group, Map.of()).get(version);
    if (resources == null) {
      return Optional.empty();
    }
    return Optional.of(new APIResourceListBuilder()
        .withApiVersion("v1")
        .withKind("APIResourceList")
        .withGroupVersion(group.isEmpty() ? version : group + "/" + version)
        .withResources(resources.stream().map(r -> new APIResourceBuilder()
            .withName(r.name())
            .withSingularName(r.singularName())
            .withNamespaced(r.namespaced())
            .withKind(r.kind())
            .withVerbs(r.verbs())
            .withShortNames(r.shortNames().isEmpty() ? null : r.shortNames())
            .build()).toList())
        .build());
  }

  private APIGroup group(String name) {
    List<GroupVersionForDiscovery> versions = groups.get(name).keySet().stream()
        .map(v -> new GroupVersionForDiscovery(name + "/" + v, v)).toList();
    return new APIGroupBuilder().withApiVersion("v1").withKind("APIGroup").withName(name)
        .withVersions(versions).withPreferredVersion(versions.get(0)).build();
  }

  private void add(Resource resource) {
    groups.computeIfAbsent(resource.group(), g -> new LinkedHashMap<>())
        .computeIfAbsent(resource.version(), v -> new ArrayList<>())
        .add(resource);
  }

  private void addCrd(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    var names = spec.getNames();
    boolean namespaced = "Namespaced".equals(spec.getScope());
    List<String> shortNames = names.getShortNames() == null ? List.of() : names.getShortNames();
    for (CustomResourceDefinitionVersion version : spec.getVersions()) {
      if (!Boolean.TRUE.equals(version.getServed())) {
        continue;
      }
      add(new Resource(spec.getGroup(), version.getName(), names.getPlural(), names.getSingular(), names.getKind(),
          namespaced, shortNames, BuiltInApiResources.ALL_VERBS));
      if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
        add(new Resource(spec.getGroup(), version.getName(), names.getPlural() + "/status", "", names.getKind(),
            namespaced, List.of(), BuiltInApiResources.SUBRESOURCE_VERBS));
      }
    }
  }
}
