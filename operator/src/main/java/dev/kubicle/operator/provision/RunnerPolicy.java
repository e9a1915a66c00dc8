package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.RunnerSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a template's {@code spec.runner} may ask for: which images, service accounts and Secret references. The
 * operator creates the runner Job with its own identity, so without this a template author holds the runner's
 * power (any image, the operator's service account, a co-tenant's Secrets). The defaults are always allowed;
 * anything else must be listed by the operator's admin (deny by default).
 *
 * @param images allowed image references: exact, or a prefix ending in '*' (the default image is always allowed)
 * @param serviceAccounts allowed service account names (the default runner account is always allowed)
 * @param secrets Secret names a runner's env may reference through secretKeyRef (none by default)
 */
public record RunnerPolicy(List<String> images, Set<String> serviceAccounts, Set<String> secrets) {
  public static final String IMAGES_VARIABLE = "KUBICLE_RUNNER_ALLOWED_IMAGES";
  public static final String SERVICE_ACCOUNTS_VARIABLE = "KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS";
  public static final String SECRETS_VARIABLE = "KUBICLE_RUNNER_ALLOWED_SECRETS";

  public RunnerPolicy {
    images = List.copyOf(images);
    serviceAccounts = Set.copyOf(serviceAccounts);
    secrets = Set.copyOf(secrets);
  }

  /** Only the defaults: the operator's runner image and the kubicle-runner service account, no Secrets. */
  public static RunnerPolicy defaults(String defaultImage) {
    return new RunnerPolicy(List.of(defaultImage), Set.of(RunnerJobFactory.RUNNER_SERVICE_ACCOUNT), Set.of());
  }

  /** Reads the three lists; each error names its variable. The defaults are added to what is configured. */
  public static RunnerPolicy fromEnvironment(Map<String, String> env, String defaultImage) {
    List<String> images = new ArrayList<>();
    images.add(defaultImage);
    for (String image : list(env, IMAGES_VARIABLE)) {
      int star = image.indexOf('*');
      if (star >= 0 && star != image.length() - 1) {
        throw new IllegalArgumentException(IMAGES_VARIABLE + ": \"" + image + "\" has a '*' before its end; write "
            + "exact image references or prefixes ending in '*', e.g. hashicorp/terraform:*");
      }
      if (image.equals("*")) {
        throw new IllegalArgumentException(IMAGES_VARIABLE + ": \"*\" would allow every image, so a template author "
            + "could run any code with the runner's identity; list registries or repositories, e.g. "
            + "hashicorp/terraform:*");
      }
      if (!images.contains(image)) {
        images.add(image);
      }
    }
    Set<String> accounts = new LinkedHashSet<>();
    accounts.add(RunnerJobFactory.RUNNER_SERVICE_ACCOUNT);
    accounts.addAll(names(env, SERVICE_ACCOUNTS_VARIABLE));
    return new RunnerPolicy(images, accounts, names(env, SECRETS_VARIABLE));
  }

  /**
   * Every way {@code runner} leaves this policy, as messages naming the field and the variable that would allow
   * it; empty when it stays inside. Unset fields mean the operator's defaults, which are always allowed.
   */
  public List<String> violations(RunnerSpec runner) {
    List<String> found = new ArrayList<>();
    if (runner == null) {
      return found;
    }
    String image = runner.getImage();
    if (image != null && images.stream().noneMatch(allowed -> matches(allowed, image))) {
      found.add(notAllowed("spec.runner.image", image, images, IMAGES_VARIABLE));
    }
    String account = runner.getServiceAccountName();
    if (account != null && !serviceAccounts.contains(account)) {
      found.add(notAllowed("spec.runner.serviceAccountName", account, sorted(serviceAccounts),
          SERVICE_ACCOUNTS_VARIABLE));
    }
    List<EnvVar> env = runner.getEnv() == null ? List.of() : runner.getEnv();
    for (int i = 0; i < env.size(); i++) {
      EnvVar variable = env.get(i);
      if (variable == null || variable.getValueFrom() == null || variable.getValueFrom().getSecretKeyRef() == null) {
        continue;
      }
      String secret = variable.getValueFrom().getSecretKeyRef().getName();
      if (secret == null || !secrets.contains(secret)) {
        found.add(notAllowed("spec.runner.env[" + i + "].valueFrom.secretKeyRef.name", secret == null ? "" : secret,
            sorted(secrets), SECRETS_VARIABLE));
      }
    }
    return found;
  }

  static boolean matches(String allowed, String image) {
    return allowed.endsWith("*") ? image.startsWith(allowed.substring(0, allowed.length() - 1))
        : allowed.equals(image);
  }

  private static String notAllowed(String field, String value, List<String> allowed, String variable) {
    String allows = allowed.isEmpty() ? "none" : String.join(", ", allowed);
    return field + ": \"" + value + "\" is not allowed; the operator allows " + allows + " (" + variable + ")";
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static Set<String> names(Map<String, String> env, String variable) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : list(env, variable)) {
      if (name.contains("*")) {
        throw new IllegalArgumentException(variable + ": \"" + name + "\" is a pattern; list exact names "
            + "(comma-separated)");
      }
      names.add(name);
    }
    return names;
  }

  private static List<String> list(Map<String, String> env, String variable) {
    String text = env.get(variable);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
