package dev.kubicle.operator.template;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.operator.kube.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes a template version: files, parameters, runner, provisioner and agent settings. Lifecycle settings are left out on
 * purpose: like Coder's schedule settings they apply template-wide and changing them is not a new version.
 */
public record TemplateContent(
    Map<String, String> files,
    List<TemplateParameter> parameters,
    RunnerSpec runner,
    ProvisionerType provisioner,
    TemplateAgent agent) {

  /** Content hash: 12 hex digits of SHA-256 over canonical JSON, stable across operator restarts. */
  public String version() {
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("files", new TreeMap<>(files));
    canonical.put("parameters", parameters);
    canonical.put("runner", runner);
    canonical.put("provisioner", provisioner == null ? ProvisionerType.TERRAFORM : provisioner);
    if (agent != null) {
      // Only when set, so templates without an agent section keep the versions they had.
      canonical.put("agent", agent);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Json.canonical(canonical).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
