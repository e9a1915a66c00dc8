package dev.kubicle.operator.network;

/** Every address of the overlay range is taken; the message names the range and how to widen it. */
public final class IpamExhaustedException extends RuntimeException {

  private final transient OverlayRange range;

  IpamExhaustedException(OverlayRange range) {
    super("The overlay range " + range + " is full: all " + range.allocatableCount() + " addresses for workspaces "
        + "and devices are allocated (network, gateway .1 and broadcast are reserved). Delete unused workspaces or "
        + "devices, or widen the range (KUBICLE_OVERLAY_CIDR, Helm value gateway.overlayCidr) to a shorter prefix "
        + "that contains it, for example " + range.widened()
        + " (it contains the current range, so existing addresses stay valid).");
    this.range = range;
  }

  /** The range that is full. */
  public OverlayRange range() {
    return range;
  }
}
