package dev.kubicle.operator.terraform;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Shared inputs for the terraform package tests: one workspace, one template version, committed files. */
final class TerraformFixtures {
  static final String UID = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
  static final String NAMESPACE = "team-a";
  static final String VERSION = "3f9a1c2b7d4e";

  private TerraformFixtures() {}

  /** One parameter of each type, plus a decimal number, declared out of name order on purpose. */
  static List<TemplateParameter> parameters() {
    return List.of(
        parameter("image", ParameterType.STRING),
        parameter("regions", ParameterType.LIST_OF_STRING),
        parameter("cpu", ParameterType.NUMBER),
        parameter("dotfiles", ParameterType.BOOL),
        parameter("cpu_request", ParameterType.NUMBER));
  }

  static TemplateParameter parameter(String name, ParameterType type) {
    TemplateParameter parameter = new TemplateParameter();
    parameter.setName(name);
    parameter.setType(type);
    return parameter;
  }

  static TerraformVariables startBuild() {
    return variables(BuildTransition.START, 7, "kat_0123456789abcdef", Map.of(
        "image", "golang:1.22",
        "regions", "[\"eu-west-1\", \"us-east-1\"]",
        "cpu", "2",
        "dotfiles", "true",
        "cpu_request", "0.50"));
  }

  static TerraformVariables variables(
      BuildTransition transition, long build, String agentToken, Map<String, String> parameters) {
    return variables("go-dev", VERSION, transition, build, agentToken, parameters);
  }

  static TerraformVariables variables(String template, String version, BuildTransition transition, long build,
      String agentToken, Map<String, String> parameters) {
    return new TerraformVariables("alice-dev", NAMESPACE, "alice", UID, transition, agentToken,
        "curl -fsSL \"$KUBICLE_URL/agent/init.sh\" | sh", "ghcr.io/kubicle-dev/kubicle-agent:0.1.0",
        "alice-dev-agent-token", "https://kubicle.example.com",
        template, version, build, parameters);
  }

  static byte[] resource(String path) {
    try (InputStream in = TerraformFixtures.class.getResourceAsStream("/terraform/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource terraform/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
