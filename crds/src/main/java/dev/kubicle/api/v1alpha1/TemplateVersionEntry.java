package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One immutable template version: its content hash, when it appeared and the snapshot that holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateVersionEntry {
  private String version;
  private String createdAt;
  private String snapshot;
  private Long generation;

  public TemplateVersionEntry() {}

  public TemplateVersionEntry(String version, String createdAt, String snapshot, Long generation) {
    this.version = version;
    this.createdAt = createdAt;
    this.snapshot = snapshot;
    this.generation = generation;
  }

  public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }
  public String getCreatedAt() { return createdAt; }
  public void setCreatedAt(String createdAt) { this.createdAt = createdAt; }
  public String getSnapshot() { return snapshot; }
  public void setSnapshot(String snapshot) { this.snapshot = snapshot; }
  public Long getGeneration() { return generation; }
  public void setGeneration(Long generation) { this.generation = generation; }
}
