package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import dev.kubicle.api.v1alpha1.AgentTaskSpec;
import dev.kubicle.api.v1alpha1.TaskLimits;
import java.util.ArrayList;
import java.util.List;

/** Validates an AgentTask's spec (workspace, prompt, limits, tools); who may use the workspace is checked elsewhere. */
public final class AgentTaskValidator {
  /** The tools the agent loop offers, in the order the docs list them. */
  public static final List<String> TOOLS = List.of("execute", "read_file", "write_file", "edit_file", "report_progress");

  private AgentTaskValidator() {}

  public static ValidationResult validate(AgentTaskSpec spec) {
    if (spec == null) {
      return ValidationResult.of(List.of(new Problem("spec", "is required")));
    }
    List<Problem> problems = new ArrayList<>();
    if (spec.getWorkspace() == null || spec.getWorkspace().isBlank()) {
      problems.add(new Problem("spec.workspace", "is required: name a Workspace in this namespace"));
    }
    if (spec.getPrompt() == null || spec.getPrompt().isBlank()) {
      problems.add(new Problem("spec.prompt", "is required: say what the agent should do"));
    }
    TaskLimits limits = spec.getLimits();
    if (limits != null) {
      Durations.check("spec.limits.timeout", limits.getTimeout()).ifPresent(problems::add);
      Durations.check("spec.limits.toolTimeout", limits.getToolTimeout()).ifPresent(problems::add);
    }
    List<String> tools = spec.getAllowedTools() == null ? List.of() : spec.getAllowedTools();
    for (int i = 0; i < tools.size(); i++) {
      String tool = tools.get(i);
      if (tool == null || !TOOLS.contains(tool)) {
        problems.add(new Problem("spec.allowedTools[" + i + "]", "unknown tool " + quote(String.valueOf(tool))
            + ": use " + String.join(", ", TOOLS)));
      }
    }
    return ValidationResult.of(problems);
  }
}
