package dev.kubicle.webhook.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.admission.JsonPatch;
import dev.kubicle.webhook.cluster.ClusterView;
import dev.kubicle.webhook.cluster.TemplateVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mutating, Workspace create: fills spec.parameters with the defaults of the template version it resolves to, so
 * the manifest records the values it was created with (as Coder records them) and a later change of a default does
 * not silently change an existing workspace. Ephemeral parameters are left out: their values are per build.
 */
public final class WorkspaceDefaults implements AdmissionRule {
  private final VersionResolver resolver;

  public WorkspaceDefaults(ClusterView cluster) {
    this.resolver = new VersionResolver(cluster);
  }

  @Override
  public Decision review(AdmissionRequest request) {
    if (request.operation() != Operation.CREATE) {
      return Decision.allow();
    }
    WorkspaceSpec spec = Manifests.read(request.object(), Workspace.class).getSpec();
    TemplateVersion version = resolver.resolve(request.namespace(), spec.getTemplate()).version().orElse(null);
    if (version == null) {
      return Decision.allow(); // nothing to fill in from; the validating webhook says why
    }
    Map<String, String> given = spec.getParameters() == null ? Map.of() : spec.getParameters();
    Map<String, String> defaults = new LinkedHashMap<>();
    for (TemplateParameter parameter : version.parameters()) {
      if (parameter != null && parameter.getName() != null && !parameter.isEphemeral()
          && parameter.getDefaultValue() != null && !given.containsKey(parameter.getName())) {
        defaults.put(parameter.getName(), parameter.getDefaultValue());
      }
    }
    if (defaults.isEmpty()) {
      return Decision.allow();
    }
    JsonPatch patch = new JsonPatch(Manifests.JSON);
    JsonNode parameters = request.object().path("spec").path("parameters");
    if (parameters.isObject()) {
      defaults.forEach((name, value) -> patch.add("/spec/parameters/" + JsonPatch.escape(name), value));
    } else {
      ObjectNode all = Manifests.JSON.createObjectNode();
      defaults.forEach(all::put);
      patch.add("/spec/parameters", all);
    }
    return Decision.patch(patch.operations());
  }
}
