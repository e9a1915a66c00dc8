package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.message;
import static dev.kubicle.webhook.Reviews.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.webhook.Reviews;
import org.junit.jupiter.api.Test;

class TemplateAndTaskAdmissionTest {
  private final TemplateAdmission templates = new TemplateAdmission();
  private final AgentTaskAdmission tasks = new AgentTaskAdmission();

  static String template(String spec) {
    return "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Template','metadata':{'name':'base','namespace':'team-a'},"
        + "'spec':{" + spec + "}}";
  }

  @Test
  void aTemplateWithATerraformFileIsAdmitted() {
    assertThat(allowed(Reviews.create("Template", template("'files':{'main.tf':'# empty'}")).sendTo(templates)))
        .isTrue();
  }

  @Test
  void templateSchemaProblemsAreAllNamed() {
    String spec = "'files':{'kubicle_override.tf.json':'{}'},'parameters':[{'name':'CPU','type':'number',"
        + "'defaultValue':'x'}],'lifecycle':{'defaultTtl':'1d'}";

    assertThat(message(Reviews.create("Template", template(spec)).sendTo(templates))).isEqualTo(
        "spec.files[kubicle_override.tf.json]: \"kubicle_override.tf.json\" is reserved: Kubicle writes this file into "
            + "every build; rename yours; "
            + "spec.files: the root module has no Terraform file: add a file ending in .tf or .tf.json to spec.files; "
            + "spec.parameters[0].name: \"CPU\" is not a valid parameter name: use lower case letters, digits and "
            + "underscores, starting with a letter, at most 63 characters (^[a-z][a-z0-9_]{0,62}$); "
            + "spec.parameters[0].defaultValue: \"x\" is not a number; "
            + "spec.lifecycle.defaultTtl: \"1d\" has unknown unit \"d\": use one of h, m, s, ms, us, ns (days and weeks "
            + "are not supported: write hours, e.g. 72h)");
  }

  @Test
  void aConfigMapTemplateIsCheckedExceptForTheFilesTheWebhookCannotSee() {
    var response = Reviews.create("Template", template("'configMapRef':{'name':'base-files'}")).sendTo(templates);

    assertThat(allowed(response)).isTrue();
    assertThat(warnings(response)).containsExactly("the files of ConfigMap \"base-files\" (spec.configMapRef) are "
        + "checked by the operator; see the Template's Valid condition");
  }

  @Test
  void aTemplateUpdateThatLeavesTheSpecAloneIsNotRechecked() {
    String broken = template("'files':{}");

    assertThat(allowed(Reviews.update("Template", broken, broken).sendTo(templates))).isTrue();
    assertThat(allowed(Reviews.update("Template", template("'files':{'main.tf':''}"), broken).sendTo(templates)))
        .isFalse();
  }

  @Test
  void aTaskNamesItsWorkspacePromptLimitsAndTools() {
    String task = "{'apiVersion':'kubicle.dev/v1alpha1','kind':'AgentTask','metadata':{'name':'t','namespace':'team-a'},"
        + "'spec':{'workspace':'dev','prompt':'','limits':{'timeout':'ten'},'allowedTools':['execute','sudo']}}";

    assertThat(message(Reviews.create("AgentTask", task).sendTo(tasks))).isEqualTo(
        "spec.prompt: is required: say what the agent should do; "
            + "spec.limits.timeout: \"ten\" is not a duration: write numbers with units, like 24h, 90m, 1h30m or 0; "
            + "spec.allowedTools[1]: unknown tool \"sudo\": use execute, read_file, write_file, edit_file, "
            + "report_progress");
    assertThat(allowed(Reviews.create("AgentTask", OwnershipTest.task("alice", "dev")).sendTo(tasks))).isTrue();
  }
}
