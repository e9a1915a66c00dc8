package dev.kubicle.operator.terraform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Template file names that would defeat the bundle: Terraform applies override files and auto tfvars
 * in lexical order, so a template's {@code main_override.tf} could replace Kubicle's backend (and move the
 * state out of reach) and its {@code z.auto.tfvars} could replace {@code kubicle_*} values.
 */
public final class ReservedFiles {
  private ReservedFiles() {}

  /** One problem per offending file name, in the order given; empty when the template may be built. */
  public static List<String> conflicts(Collection<String> templateFileNames) {
    List<String> problems = new ArrayList<>();
    for (String name : templateFileNames) {
      if (name.equals(BundleRenderer.OVERRIDE_FILE) || name.equals(BundleRenderer.VARIABLES_FILE)) {
        problems.add("file " + name + " is reserved: Kubicle writes it for every build");
      } else if (isOverrideFile(name)) {
        problems.add("file " + name + " is a Terraform override file; templates may not override Kubicle's backend");
      } else if (name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json")) {
        problems.add("file " + name + " is an auto tfvars file; values come from template parameters");
      }
    }
    return problems;
  }

  // Terraform's rule: the base name (without .tf or .tf.json) is "override" or ends in "_override".
  private static boolean isOverrideFile(String name) {
    String base = name.endsWith(".tf.json") ? name.substring(0, name.length() - ".tf.json".length())
        : name.endsWith(".tf") ? name.substring(0, name.length() - ".tf".length())
        : null;
    return base != null && (base.equals("override") || base.endsWith("_override"));
  }
}
