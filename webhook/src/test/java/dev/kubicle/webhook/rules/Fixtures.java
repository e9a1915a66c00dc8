package dev.kubicle.webhook.rules;

import dev.kubicle.api.v1alpha1.Monotonic;
import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.List;

/** The parameters of the "base" template the workspace tests use. */
final class Fixtures {
  private Fixtures() {}

  static List<TemplateParameter> parameters() {
    TemplateParameter cpu = parameter("cpu", ParameterType.NUMBER, "2", true);
    ParameterValidation bounds = new ParameterValidation();
    bounds.setMin(1L);
    bounds.setMax(8L);
    bounds.setMonotonic(Monotonic.INCREASING);
    cpu.setValidation(bounds);
    TemplateParameter region = parameter("region", ParameterType.STRING, "eu", false);
    region.setOptions(List.of(option("eu"), option("us")));
    TemplateParameter project = parameter("project", ParameterType.STRING, null, true);
    ParameterValidation regex = new ParameterValidation();
    regex.setRegex("^[a-z][a-z0-9-]*$");
    regex.setError("{value} is not a lower-case project name");
    project.setValidation(regex);
    TemplateParameter debug = parameter("debug", ParameterType.BOOL, "false", true);
    debug.setEphemeral(true);
    return List.of(cpu, region, project, debug);
  }

  static TemplateParameter parameter(String name, ParameterType type, String defaultValue, boolean mutable) {
    TemplateParameter p = new TemplateParameter();
    p.setName(name);
    p.setType(type);
    p.setDefaultValue(defaultValue);
    p.setMutable(mutable);
    return p;
  }

  static ParameterOption option(String value) {
    ParameterOption o = new ParameterOption();
    o.setName(value.toUpperCase());
    o.setValue(value);
    return o;
  }

  /** A Workspace manifest in team-a on template "base" with the given spec extras (JSON members, single quotes). */
  static String workspace(String specExtras) {
    return "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Workspace','metadata':{'name':'dev','namespace':'team-a'},"
        + "'spec':{'template':{'name':'base'},'owner':'alice'" + (specExtras.isEmpty() ? "" : "," + specExtras) + "}}";
  }

  /** {@code workspaceJson} with a status that records a build of version v2 with {@code statusParameters}. */
  static String built(String workspaceJson, String statusParameters) {
    return workspaceJson.substring(0, workspaceJson.length() - 1) + ",'status':{'templateVersion':'v2',"
        + "'parameters':{" + statusParameters + "}}}";
  }
}
