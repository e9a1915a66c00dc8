package dev.kubicle.api.validation;

import dev.kubicle.api.v1alpha1.AgentApp;
import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a template's agent section: durations, unique metadata keys and app slugs, scripts present. */
final class AgentSettingsValidator {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");

  private AgentSettingsValidator() {}

  static void check(TemplateAgent agent, List<Problem> problems) {
    if (agent == null) {
      return;
    }
    Durations.check("spec.agent.startupTimeout", agent.getStartupTimeout()).ifPresent(problems::add);
    Durations.check("spec.agent.shutdownTimeout", agent.getShutdownTimeout()).ifPresent(problems::add);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < agent.getMetadata().size(); i++) {
      AgentMetadata m = agent.getMetadata().get(i);
      String field = "spec.agent.metadata[" + i + "]";
      if (m.getKey() == null || m.getKey().isBlank()) {
        problems.add(new Problem(field + ".key", "is required"));
      } else if (!keys.add(m.getKey())) {
        problems.add(new Problem(field + ".key", "duplicate metadata key " + Texts.quote(m.getKey())));
      }
      if (m.getScript() == null || m.getScript().isBlank()) {
        problems.add(new Problem(field + ".script", "is required: the command whose output is the value"));
      }
      Durations.check(field + ".interval", m.getInterval()).ifPresent(problems::add);
      Durations.check(field + ".timeout", m.getTimeout()).ifPresent(problems::add);
    }
    Set<String> slugs = new HashSet<>();
    for (int i = 0; i < agent.getApps().size(); i++) {
      AgentApp app = agent.getApps().get(i);
      String field = "spec.agent.apps[" + i + "].slug";
      if (app.getSlug() == null || !SLUG.matcher(app.getSlug()).matches()) {
        problems.add(new Problem(field, "must be 1 to 32 lower-case letters, digits and '-' (got "
            + Texts.quote(String.valueOf(app.getSlug())) + ")"));
      } else if (!slugs.add(app.getSlug())) {
        problems.add(new Problem(field, "duplicate app slug " + Texts.quote(app.getSlug())));
      }
    }
  }
}
