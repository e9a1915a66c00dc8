package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceNetwork;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.network.IpamExhaustedException;
import dev.kubicle.operator.network.OverlayAddresses;
import dev.kubicle.operator.network.RecordedAddresses;

/**
 * Puts the workspace's overlay address into the status copy a reconcile is about to write, so the address rides on
 * a write that happens anyway (the build record) instead of costing one of its own.
 */
public final class OverlayAddressStep {
  private final OverlayAddresses addresses;
  private final EventRecorder events;

  public OverlayAddressStep(OverlayAddresses addresses, EventRecorder events) {
    this.addresses = addresses;
    this.events = events;
  }

  /** The owner key under which a workspace holds its address (the uid keeps a re-created namesake apart). */
  public static String ownerKey(Workspace ws) {
    return RecordedAddresses.ownerKey(ws);
  }

  /** Sets status.network.address when it is missing or not this workspace's; a full range only warns. */
  void assign(Workspace ws, WorkspaceStatus status) {
    String recorded = status.getNetwork() == null ? null : status.getNetwork().getAddress();
    try {
      String address = addresses.addressFor(ownerKey(ws), recorded);
      if (!address.equals(recorded)) {
        WorkspaceNetwork network = status.getNetwork() == null ? new WorkspaceNetwork() : status.getNetwork();
        network.setAddress(address);
        status.setNetwork(network);
      }
    } catch (IpamExhaustedException e) {
      // The workspace still builds and runs; only the tunnel cannot reach it until an address frees up.
      events.record(ws, EventReason.NetworkUnavailable, e.getMessage());
    }
  }

  /** The workspace is gone: its address may go to someone else. */
  void release(Workspace ws) {
    addresses.release(ownerKey(ws));
  }
}
