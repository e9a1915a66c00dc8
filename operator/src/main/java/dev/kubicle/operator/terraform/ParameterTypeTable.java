package dev.kubicle.operator.terraform;

import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The per-template-version part of rendering: each parameter's type, sorted by name for stable output. */
record ParameterTypeTable(SortedMap<String, ParameterType> types) {

  ParameterTypeTable {
    types = Collections.unmodifiableSortedMap(new TreeMap<>(types));
  }

  static ParameterTypeTable of(List<TemplateParameter> parameters) {
    TreeMap<String, ParameterType> types = new TreeMap<>();
    for (TemplateParameter parameter : parameters == null ? List.<TemplateParameter>of() : parameters) {
      // Template validation rejects these too; rendering must not guess which declaration wins.
      if (parameter.getName() == null || parameter.getName().isBlank()) {
        throw new TerraformRenderException("a template parameter has no name");
      }
      if (types.put(parameter.getName(), parameter.effectiveType()) != null) {
        throw new TerraformRenderException("template parameter " + parameter.getName() + " is declared twice");
      }
    }
    return new ParameterTypeTable(types);
  }
}
