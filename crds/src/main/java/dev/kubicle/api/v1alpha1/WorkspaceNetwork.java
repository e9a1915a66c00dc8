package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the workspace is on the WireGuard overlay: its stable address, kept from creation until deletion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceNetwork {
  @JsonPropertyDescription("The workspace's overlay address (IPv4); the gateway forwards it to the current pod.")
  private String address;

  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
}
