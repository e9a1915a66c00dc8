package dev.kubicle.operator.terraform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two files Kubicle adds to a template's root module for one build. The variables file holds the
 * agent token, so the bundle belongs in a Secret, never a ConfigMap.
 */
public record RenderedBundle(String override, String variables) {

  /** File name to content, ready to merge over the template's own files. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(BundleRenderer.OVERRIDE_FILE, override);
    files.put(BundleRenderer.VARIABLES_FILE, variables);
    return files;
  }

  /** Sizes only: the variables file carries the agent token. */
  @Override
  public String toString() {
    return "RenderedBundle[" + BundleRenderer.OVERRIDE_FILE + "=" + override.length() + " chars, "
        + BundleRenderer.VARIABLES_FILE + "=" + variables.length() + " chars]";
  }
}
