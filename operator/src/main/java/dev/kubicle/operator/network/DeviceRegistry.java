package dev.kubicle.operator.network;

import dev.kubicle.operator.network.DeviceException.Kind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers, lists and revokes a user's WireGuard devices and renders their configs. Every call names the user it
 * acts for; authorization (is the caller that user or an admin) is the API's job, done before this is called.
 */
public final class DeviceRegistry {
  /** A user may hold this many devices; more is nearly always a script registering in a loop. */
  public static final int MAX_DEVICES_PER_USER = 50;
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  /** A registered device and its wg-quick config (holding the private key when Kubicle generated it). */
  public record Registration(Device device, boolean keyGenerated, String wgQuickConfig) {
    @Override
    public String toString() {
      return "Registration[device=" + device + ", keyGenerated=" + keyGenerated + "]"; // the config holds a key
    }
  }

  private final DeviceStore store;
  private final OverlayAddresses addresses;
  private final GatewayKey gatewayKey;
  private final NetworkSettings settings;
  private final Clock clock;

  public DeviceRegistry(DeviceStore store, OverlayAddresses addresses, GatewayKey gatewayKey,
      NetworkSettings settings, Clock clock) {
    this.store = store;
    this.addresses = addresses;
    this.gatewayKey = gatewayKey;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Registers a device. With {@code publicKey} null Kubicle generates the key pair and keeps the private key in a
   * Secret (so the config can be downloaded again); with a key the private key never reaches the cluster.
   */
  public synchronized Registration register(String user, String name, String publicKey) {
    settings.deviceProblem().ifPresent(p -> {
      throw new DeviceException(Kind.UNAVAILABLE, null, p);
    });
    if (name == null || !NAME.matcher(name).matches()) {
      throw new DeviceException(Kind.INVALID, "name", "A device name is 1-63 lowercase letters, digits and '-', "
          + "starting and ending with a letter or digit (like 'laptop' or 'work-desktop'), got: "
          + (name == null ? "nothing" : "'" + name + "'"));
    }
    if (publicKey != null) {
      publicKey = publicKey.strip();
      Optional<String> problem = WireGuardKeys.problemWith(publicKey);
      if (problem.isPresent()) {
        throw new DeviceException(Kind.INVALID, "publicKey", "The public key is not a WireGuard key: "
            + problem.get() + " (use the output of `wg pubkey`)");
      }
    }
    List<Device> mine = store.devices(user);
    if (mine.stream().anyMatch(d -> d.name().equals(name))) {
      throw new DeviceException(Kind.CONFLICT, "name", "You already have a device named '" + name
          + "'; revoke it first or choose another name");
    }
    if (mine.size() >= MAX_DEVICES_PER_USER) {
      throw new DeviceException(Kind.CONFLICT, null, "You have " + mine.size() + " devices, the most one user may "
          + "have; revoke devices you no longer use");
    }
    WireGuardKeys.KeyPair generated = publicKey == null ? WireGuardKeys.generate() : null;
    String key = publicKey != null ? publicKey : generated.publicKey();
    if (store.allDevices().stream().anyMatch(d -> d.publicKey().equals(key))) {
      throw new DeviceException(Kind.CONFLICT, "publicKey", "This public key is already registered for a device; "
          + "every device needs its own key pair (`wg genkey | tee private.key | wg pubkey`)");
    }
    String gatewayPublicKey = gatewayKey.publicKey();
    String owner = DeviceStore.ownerKey(user, name);
    String address;
    try {
      address = addresses.addressFor(owner, null);
    } catch (IpamExhaustedException e) {
      throw new DeviceException(Kind.UNAVAILABLE, null, e.getMessage());
    }
    Device device = new Device(name, user, key, address, clock.instant());
    try {
      if (generated != null) {
        store.putPrivateKey(user, name, generated.privateKey());
      }
      store.update(user, data -> {
        data.put(name, DeviceStore.toJson(device));
        return data;
      });
    } catch (RuntimeException e) {
      addresses.release(owner);
      if (generated != null) {
        store.removePrivateKey(user, name);
      }
      throw e;
    }
    LOG.info("device {} of {} registered at {} ({} key)", name, user, address, generated != null
        ? "generated" : "own");
    return new Registration(device, generated != null,
        render(device, generated == null ? null : generated.privateKey(), gatewayPublicKey));
  }

  /** The user's devices, sorted by name. */
  public List<Device> list(String user) {
    return store.devices(user);
  }

  /** The device's wg-quick config again (with its private key when Kubicle generated and still keeps it). */
  public String wgQuickConfig(String user, String name) {
    settings.deviceProblem().ifPresent(p -> {
      throw new DeviceException(Kind.UNAVAILABLE, null, p);
    });
    Device device = find(user, name);
    return render(device, store.privateKey(user, name).orElse(null), gatewayKey.publicKey());
  }

  /**
   * Revokes the device: its entry goes (the gateway removes the peer at once, cutting open sessions), its private
   * key goes, and its address is free again.
   */
  public synchronized void revoke(String user, String name) {
    find(user, name);
    store.update(user, data -> {
      data.remove(name);
      return data;
    });
    store.removePrivateKey(user, name);
    addresses.release(DeviceStore.ownerKey(user, name));
    LOG.info("device {} of {} revoked", name, user);
  }

  /** The SSH config for the user's workspaces (alias, overlay address, agent port). */
  public static String sshConfig(String user, List<SshConfigSnippet.WorkspaceAddress> workspaces) {
    return SshConfigSnippet.render(user, workspaces);
  }

  private Device find(String user, String name) {
    return store.devices(user).stream().filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow(() -> new DeviceException(Kind.NOT_FOUND, "name", "You have no device named '" + name + "'"));
  }

  private String render(Device device, String privateKey, String gatewayPublicKey) {
    WgQuickConfig config = privateKey != null
        ? WgQuickConfig.withPrivateKey(privateKey, device.address(), gatewayPublicKey, settings.endpointHost(),
            settings.endpointPort(), settings.overlayCidr())
        : WgQuickConfig.withOwnKey(device.address(), gatewayPublicKey, settings.endpointHost(),
            settings.endpointPort(), settings.overlayCidr());
    return config.render();
  }

  /** Address to owner, for diagnostics. */
  public Map<String, String> allocations() {
    return addresses.allocations();
  }
}
