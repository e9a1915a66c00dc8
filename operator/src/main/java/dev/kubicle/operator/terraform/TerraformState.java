package dev.kubicle.operator.terraform;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Kubicle reads back from a workspace's Terraform state: non-sensitive outputs and managed resource
 * addresses. Sensitive outputs are dropped while parsing, so nothing here can leak them into status.
 *
 * @param outputs non-sensitive outputs by name, sorted; strings raw, other values as compact JSON
 * @param resources managed resource addresses ({@code module.m.type.name}), one per resource block, sorted
 */
public record TerraformState(long serial, String terraformVersion, Map<String, String> outputs, List<String> resources) {

  public TerraformState {
    outputs = Collections.unmodifiableMap(new TreeMap<>(outputs));
    resources = resources.stream().sorted().distinct().toList();
  }
}
