package dev.kubicle.operator.network;

/**
 * An IPv4 overlay range in CIDR form; its network address and the gateway's (.1) are reserved, the broadcast address
 * is never handed out, everything in between is for workspaces and devices.
 *
 * @param network the network address as an unsigned 32-bit number
 * @param prefixLength the CIDR prefix length, at most 30 (a /31 or /32 leaves no address to hand out)
 */
public record OverlayRange(int network, int prefixLength) {

  /** Kubicle's default: a /16 of the carrier-grade NAT space, which home and office networks rarely use. */
  public static final String DEFAULT_CIDR = "100.64.0.0/16";

  /** Checks the prefix leaves addresses to allocate and the network address has no host bits. */
  public OverlayRange {
    if (prefixLength < 1 || prefixLength > 30) {
      throw new IllegalArgumentException("An overlay range needs a prefix length between /1 and /30 (a /30 leaves one "
          + "address besides the gateway), was /" + prefixLength);
    }
    if ((network & ~mask(prefixLength)) != 0) {
      throw new IllegalArgumentException("The overlay range " + format(network) + "/" + prefixLength
          + " has host bits set; did you mean " + format(network & mask(prefixLength)) + "/" + prefixLength + "?");
    }
  }

  /** Parses {@code a.b.c.d/n}; the message says what is wrong with the text. */
  public static OverlayRange parse(String cidr) {
    if (cidr == null) {
      throw new IllegalArgumentException("The overlay range is missing (expected CIDR like " + DEFAULT_CIDR + ")");
    }
    String[] parts = cidr.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("The overlay range '" + cidr + "' is not in CIDR form (like "
          + DEFAULT_CIDR + ")");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The overlay range '" + cidr + "' has no numeric prefix length", e);
    }
    return new OverlayRange(parseAddress(parts[0], cidr), prefix);
  }

  /** The first address (.1), the gateway's own overlay address. */
  public int gateway() {
    return network + 1;
  }

  /** The last address, never handed out. */
  public int broadcast() {
    return network | ~mask(prefixLength);
  }

  /** How many addresses can be handed out: all but network, gateway and broadcast. */
  public int allocatableCount() {
    return (int) ((1L << (32 - prefixLength)) - 3);
  }

  /** The index-th allocatable address (0 is the one after the gateway). */
  public int allocatable(int index) {
    if (index < 0 || index >= allocatableCount()) {
      throw new IndexOutOfBoundsException(index);
    }
    return network + 2 + index;
  }

  /** Whether the dotted address is one this range hands out (not network, gateway, broadcast or outside). */
  public boolean isAllocatable(String address) {
    int value;
    try {
      value = parseAddress(address, address);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return (value & mask(prefixLength)) == network && value != network && value != gateway() && value != broadcast();
  }

  /** The range one bit wider with the same start, for messages that suggest how to grow. */
  public OverlayRange widened() {
    int wider = Math.max(1, prefixLength - 1);
    return new OverlayRange(network & mask(wider), wider);
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }

  /** Dotted-quad form of an address held as an int. */
  public static String format(int address) {
    return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  /** An address this range handed out (or the owner recorded), as an int; checked like every address here. */
  static int toInt(String dotted) {
    return parseAddress(dotted, dotted);
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static int parseAddress(String text, String context) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException("'" + context + "' does not hold an IPv4 address (four dotted numbers)");
    }
    int value = 0;
    for (String octet : octets) {
      // Plain decimal only: InetAddress would accept hex, octal and short forms, and might even resolve a name.
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + context + "' does not hold an IPv4 address (four dotted numbers)");
      }
      int number = Integer.parseInt(octet);
      if (number > 255) {
        throw new IllegalArgumentException("'" + context + "' has an octet above 255");
      }
      value = (value << 8) | number;
    }
    return value;
  }
}
