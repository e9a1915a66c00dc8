package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a Template: validity, the latest version and the versions kept as snapshots. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateStatus {
  private Long observedGeneration;

  @JsonPropertyDescription("Condition Valid says whether the template can be built, and names every problem if not.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Content hash of the newest valid version.")
  private String latestVersion;

  @JsonPropertyDescription("Versions kept, newest last; each is an immutable snapshot ConfigMap.")
  private List<TemplateVersionEntry> versions = new ArrayList<>();

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getLatestVersion() { return latestVersion; }
  public void setLatestVersion(String latestVersion) { this.latestVersion = latestVersion; }
  public List<TemplateVersionEntry> getVersions() { return versions; }
  public void setVersions(List<TemplateVersionEntry> versions) { this.versions = versions; }
}
