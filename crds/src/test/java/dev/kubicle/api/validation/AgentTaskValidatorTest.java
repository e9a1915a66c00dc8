package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.AgentTaskSpec;
import dev.kubicle.api.v1alpha1.TaskLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTaskValidatorTest {
  @Test
  void aTaskWithWorkspacePromptAndKnownToolsIsValid() {
    AgentTaskSpec spec = spec("dev", "fix the build");
    spec.setAllowedTools(List.of("execute", "read_file"));

    assertThat(AgentTaskValidator.validate(spec).isValid()).isTrue();
  }

  @Test
  void reportsEveryProblemWithItsField() {
    AgentTaskSpec spec = spec("", " ");
    TaskLimits limits = new TaskLimits();
    limits.setTimeout("30 minutes");
    limits.setToolTimeout("2d");
    spec.setLimits(limits);
    spec.setAllowedTools(List.of("execute", "rm_rf"));

    assertThat(AgentTaskValidator.validate(spec).summary()).isEqualTo(
        "spec.workspace: is required: name a Workspace in this namespace; "
            + "spec.prompt: is required: say what the agent should do; "
            + "spec.limits.timeout: \"30 minutes\" has unknown unit \" minutes\": use one of h, m, s, ms, us, ns; "
            + "spec.limits.toolTimeout: \"2d\" has unknown unit \"d\": use one of h, m, s, ms, us, ns (days and weeks "
            + "are not supported: write hours, e.g. 72h); "
            + "spec.allowedTools[1]: unknown tool \"rm_rf\": use execute, read_file, write_file, edit_file, "
            + "report_progress");
  }

  private static AgentTaskSpec spec(String workspace, String prompt) {
    AgentTaskSpec spec = new AgentTaskSpec();
    spec.setWorkspace(workspace);
    spec.setPrompt(prompt);
    return spec;
  }
}
