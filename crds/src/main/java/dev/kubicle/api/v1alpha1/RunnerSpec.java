package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** The container that runs Terraform for a template's builds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerSpec {
  @JsonPropertyDescription("Runner image; needs /bin/sh and the binary named by `binary` (default: the operator's "
      + "configured Terraform image).")
  private String image;

  @JsonPropertyDescription("terraform (default) or tofu.")
  private String binary;

  private String imagePullPolicy;

  private ResourceRequirements resources;

  @JsonPropertyDescription("Extra environment for the runner, e.g. provider credentials from Secrets.")
  private List<EnvVar> env = new ArrayList<>();

  @JsonPropertyDescription("Service account the runner uses (default: kubicle-runner, created per namespace).")
  private String serviceAccountName;

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public String getBinary() { return binary; }
  public void setBinary(String binary) { this.binary = binary; }
  public String getImagePullPolicy() { return imagePullPolicy; }
  public void setImagePullPolicy(String imagePullPolicy) { this.imagePullPolicy = imagePullPolicy; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public List<EnvVar> getEnv() { return env; }
  public void setEnv(List<EnvVar> env) { this.env = env; }
  public String getServiceAccountName() { return serviceAccountName; }
  public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
}
