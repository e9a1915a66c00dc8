package dev.kubicle.operator.terraform;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The kubernetes backend's state Secret, both ways: its name and labels, reading it, and writing one in
 * exactly the backend's format (for the echo provisioner and the test-side Job simulator).
 */
public final class StateSecrets {
  public static final String DATA_KEY = "tfstate";
  /** Kubicle never selects a Terraform workspace, so every state lives in "default". */
  public static final String TERRAFORM_WORKSPACE = "default";
  public static final String SUFFIX_LABEL = "tfstateSecretSuffix";
  public static final String WORKSPACE_LABEL = "tfstateWorkspace";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  // The backend refuses names that are not DNS-1123 subdomains; checking here fails the build before the Job.
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int MAX_NAME_LENGTH = 253;

  private StateSecrets() {}

  /** {@code tfstate-default-<suffix>}, the backend's naming: tfstate-{terraform workspace}-{suffix}. */
  public static String secretName(String suffix) {
    if (suffix == null || suffix.isEmpty()) {
      throw new IllegalArgumentException("state Secret suffix is empty");
    }
    String name = DATA_KEY + "-" + TERRAFORM_WORKSPACE + "-" + suffix;
    // "lock-" + name must fit as well: the backend names its lock Lease that way.
    if (name.length() + "lock-".length() > MAX_NAME_LENGTH || !DNS_SUBDOMAIN.matcher(name).matches()) {
      throw new IllegalArgumentException("state Secret name " + name + " is not a valid Kubernetes name");
    }
    return name;
  }

  /** The Lease the backend creates to lock the state; it outlives builds, so workspace cleanup removes it too. */
  public static String lockLeaseName(String suffix) {
    return "lock-" + secretName(suffix);
  }

  /** Labels the backend puts on the Secret and Lease, with the extra label Kubicle's override configures. */
  public static Map<String, String> labels(String suffix) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, "terraform");
    labels.put(DATA_KEY, "true");
    labels.put(SUFFIX_LABEL, suffix);
    labels.put(WORKSPACE_LABEL, TERRAFORM_WORKSPACE);
    labels.put(BundleRenderer.WORKSPACE_UID_LABEL, suffix);
    return labels;
  }

  /** A Secret as the backend writes it for Kubicle's override: data {@code tfstate} = base64(gzip(state JSON)). */
  public static Secret build(String namespace, String suffix, String stateJson) {
    return new SecretBuilder()
        .withNewMetadata()
          .withName(secretName(suffix))
          .withNamespace(namespace)
          .withLabels(labels(suffix))
          .withAnnotations(Map.of("encoding", "gzip"))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(DATA_KEY, Base64.getEncoder().encodeToString(gzip(stateJson))))
        .build();
  }

  /** Reads a state Secret as fetched from the API server; see {@link StateSecretReader#read(Secret)}. */
  public static TerraformState read(Secret secret) {
    return StateSecretReader.read(secret);
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return bytes.toByteArray();
  }
}
