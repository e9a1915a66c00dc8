package dev.kubicle.api.validation;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for the file names of a template's root module, and the names Kubicle reserves for its own files. */
public final class TemplateFiles {
  /** Sets the kubernetes backend for every build; Terraform merges *_override files last. */
  public static final String OVERRIDE_FILE = "kubicle_override.tf.json";
  /** Kubicle's documented variables and one value per parameter; Terraform loads *.auto.tfvars.json itself. */
  public static final String TFVARS_FILE = "kubicle.auto.tfvars.json";
  /** Where a template snapshot keeps its metadata, next to the files. */
  public static final String SNAPSHOT_METADATA = ".kubicle-template.json";
  public static final Set<String> RESERVED = Set.of(OVERRIDE_FILE, TFVARS_FILE, SNAPSHOT_METADATA);

  // The Kubernetes rule for ConfigMap keys, so the same names work inline and in a ConfigMap.
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final int MAX_KEY_LENGTH = 253;

  private TemplateFiles() {}

  /** A file Terraform reads as configuration of the root module. */
  public static boolean isTerraformFile(String name) {
    return name.endsWith(".tf") || name.endsWith(".tf.json");
  }

  /** What is wrong with {@code name} as a file of the root module, if anything. */
  public static Optional<String> nameProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("\"\" is not a valid file name: it must not be empty");
    }
    if (name.contains("/")) {
      return Optional.of(Texts.quote(name) + " contains '/': the root module is one flat directory; "
          + "move nested modules to a module source (registry or Git) and reference them from the root module");
    }
    if (!CONFIG_MAP_KEY.matcher(name).matches() || name.length() > MAX_KEY_LENGTH) {
      return Optional.of(Texts.quote(name) + " is not a valid file name: use at most 253 letters, digits, '-', '_' "
          + "and '.' (the rule for ConfigMap keys)");
    }
    if (name.equals(".") || name.equals("..") || name.startsWith("..")) {
      return Optional.of(Texts.quote(name) + " is not a valid file name: it must not be '.' or start with '..'");
    }
    if (RESERVED.contains(name)) {
      return Optional.of(Texts.quote(name) + " is reserved: Kubicle writes this file into every build; rename yours");
    }
    // Terraform applies override files and auto tfvars in name order, after ours: such a file could move the state
    // out of Kubicle's backend or replace kubicle_* values such as the start count.
    if (isOverrideFile(name)) {
      return Optional.of(Texts.quote(name) + " is a Terraform override file; templates may not override Kubicle's "
          + "backend: merge its content into a regular .tf file");
    }
    if (name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json")) {
      return Optional.of(Texts.quote(name) + " is an auto tfvars file; values come from template parameters "
          + "(declare a parameter, or a default on the variable)");
    }
    return Optional.empty();
  }

  // Terraform's rule: the base name (without .tf or .tf.json) is "override" or ends in "_override".
  private static boolean isOverrideFile(String name) {
    String base = name.endsWith(".tf.json") ? name.substring(0, name.length() - ".tf.json".length())
        : name.endsWith(".tf") ? name.substring(0, name.length() - ".tf".length())
        : null;
    return base != null && (base.equals("override") || base.endsWith("_override"));
  }
}
