package dev.kubicle.operator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.network.OverlayRange;
import dev.kubicle.operator.network.WireGuardKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pure function from cluster objects to {@link DesiredState} (docs/networking.md, "Objects the operator and the
 * gateway share"). A bad entry is skipped with a problem naming it; it never takes other peers down with it. Where
 * two entries claim the same address or key, the older one keeps it: a later entry cannot take over someone's
 * access, and the IPAM never hands out duplicates, so a duplicate is always the newcomer's fault.
 */
public final class DesiredStateBuilder {
  public static final String DEVICES_LABEL = "kubicle.dev/devices";
  public static final String USER_ANNOTATION = "kubicle.dev/user";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OverlayRange overlay;

  public DesiredStateBuilder(OverlayRange overlay) {
    this.overlay = overlay;
  }

  /** One address or key claim, ordered oldest first. */
  private record Claim(String what, Instant created, String address, String owner, String publicKey, String uid) {}

  public DesiredState build(Collection<Workspace> workspaces, Collection<Pod> pods, Collection<ConfigMap> devices) {
    List<String> problems = new ArrayList<>();
    List<Claim> workspaceClaims = workspaceClaims(workspaces, problems);
    List<Claim> deviceClaims = deviceClaims(devices, problems);

    // Addresses are unique across workspaces and devices; the older claim wins.
    List<Claim> all = new ArrayList<>(workspaceClaims);
    all.addAll(deviceClaims);
    all.sort(Comparator.comparing(Claim::created).thenComparing(Claim::what));
    Map<String, Claim> byAddress = new HashMap<>();
    Map<String, Claim> byKey = new HashMap<>();
    List<Claim> keptWorkspaces = new ArrayList<>();
    List<Claim> keptDevices = new ArrayList<>();
    for (Claim claim : all) {
      Claim holder = byAddress.get(claim.address);
      if (holder != null) {
        problems.add(claim.what + ": address " + claim.address + " is already used by " + holder.what + "; skipped");
        continue;
      }
      if (claim.publicKey != null) {
        Claim keyHolder = byKey.get(claim.publicKey);
        if (keyHolder != null) {
          problems.add(claim.what + ": its public key is already used by " + keyHolder.what + "; skipped");
          continue;
        }
        byKey.put(claim.publicKey, claim);
        keptDevices.add(claim);
      } else {
        keptWorkspaces.add(claim);
      }
      byAddress.put(claim.address, claim);
    }

    Map<String, String> peers = new HashMap<>();
    keptDevices.forEach(d -> peers.put(d.publicKey, d.address));
    Map<String, List<Pod>> runningPods = runningPods(pods, problems);
    Map<String, String> targets = new HashMap<>();
    for (Claim ws : keptWorkspaces) {
      target(ws, runningPods.getOrDefault(ws.what, List.of()), problems)
          .ifPresent(pod -> targets.put(ws.address, pod.getStatus().getPodIP()));
    }
    Set<DesiredState.Pair> allowed = new TreeSet<>();
    for (Claim device : keptDevices) {
      for (Claim ws : keptWorkspaces) {
        if (ws.owner.equals(device.owner)) {
          allowed.add(new DesiredState.Pair(device.address, ws.address));
        }
      }
    }
    return new DesiredState(peers, targets, allowed, problems);
  }

  private List<Claim> workspaceClaims(Collection<Workspace> workspaces, List<String> problems) {
    List<Claim> claims = new ArrayList<>();
    for (Workspace ws : workspaces) {
      String what = workspaceId(ws.getMetadata().getNamespace(), ws.getMetadata().getName());
      String address = ws.getStatus() == null || ws.getStatus().getNetwork() == null ? null
          : ws.getStatus().getNetwork().getAddress();
      if (address == null) {
        continue; // not allocated yet: nothing to route, nothing wrong
      }
      String owner = ws.getSpec() == null ? null : ws.getSpec().getOwner();
      if (owner == null || owner.isBlank()) {
        problems.add(what + ": no spec.owner, so no device may reach it; skipped");
        continue;
      }
      if (!overlay.isAllocatable(address)) {
        problems.add(what + ": status.network.address " + quoted(address) + " is not an address of the overlay range "
            + overlay + "; skipped");
        continue;
      }
      claims.add(new Claim(what, instant(ws.getMetadata().getCreationTimestamp()), address, owner, null,
          ws.getMetadata().getUid()));
    }
    return claims;
  }

  private List<Claim> deviceClaims(Collection<ConfigMap> configMaps, List<String> problems) {
    List<Claim> claims = new ArrayList<>();
    for (ConfigMap cm : configMaps) {
      String cmName = "ConfigMap " + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
      Map<String, String> annotations = cm.getMetadata().getAnnotations();
      String user = annotations == null ? null : annotations.get(USER_ANNOTATION);
      if (user == null || user.isBlank()) {
        problems.add(cmName + ": no " + USER_ANNOTATION + " annotation, so its devices belong to nobody; skipped");
        continue;
      }
      Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
      for (Map.Entry<String, String> entry : new java.util.TreeMap<>(data).entrySet()) {
        String what = cmName + " device " + quoted(entry.getKey());
        Optional<String> problem = deviceProblem(user, entry.getKey(), entry.getValue());
        if (problem.isPresent()) {
          problems.add(what + ": " + problem.get() + "; skipped");
          continue;
        }
        JsonNode node = parse(entry.getValue()).orElseThrow();
        claims.add(new Claim(what, instant(node.path("createdAt").asText(null)), node.path("address").asText(), user,
            node.path("publicKey").asText(), null));
      }
    }
    return claims;
  }

  /** What is wrong with one device entry, or empty when it can be used. Never quotes the key material. */
  private Optional<String> deviceProblem(String user, String key, String json) {
    Optional<JsonNode> parsed = parse(json);
    if (parsed.isEmpty() || !parsed.get().isObject()) {
      return Optional.of("the value is not a JSON object");
    }
    JsonNode node = parsed.get();
    String entryUser = node.path("user").asText(null);
    if (!user.equals(entryUser)) {
      return Optional.of("its user " + quoted(entryUser) + " does not match the ConfigMap's " + USER_ANNOTATION + " "
          + quoted(user));
    }
    String name = node.path("name").asText(null);
    if (name != null && !name.equals(key)) {
      return Optional.of("its name " + quoted(name) + " does not match its data key");
    }
    String publicKey = node.path("publicKey").asText(null);
    Optional<String> keyProblem = WireGuardKeys.problemWith(publicKey);
    if (keyProblem.isPresent()) {
      return Optional.of("invalid publicKey: " + keyProblem.get());
    }
    String address = node.path("address").asText(null);
    if (!overlay.isAllocatable(address)) {
      return Optional.of("address " + quoted(address) + " is not an address of the overlay range " + overlay);
    }
    return Optional.empty();
  }

  /**
   * The pod a workspace's address goes to: the newest of its running pods whose {@code kubicle.dev/workspace-uid}
   * is the workspace's UID. The name label alone proves nothing (anyone who may create a pod in the namespace can
   * set it), so a pod without the UID label, or with another UID, is never a target, however new; each such pod is
   * a problem naming it.
   */
  private static Optional<Pod> target(Claim ws, List<Pod> candidates, List<String> problems) {
    Pod newest = null;
    for (Pod pod : candidates) {
      String podUid = pod.getMetadata().getLabels().get(Labels.WORKSPACE_UID);
      String name = "Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      if (podUid == null) {
        problems.add(name + ": labelled for " + ws.what + " but has no " + Labels.WORKSPACE_UID
            + " label; not routed");
      } else if (!podUid.equals(ws.uid)) {
        // A pod left over from a deleted workspace of the same name, or an impostor: never the new one's target.
        problems.add(name + ": its " + Labels.WORKSPACE_UID + " does not match " + ws.what + "; not routed");
      } else if (newest == null || instant(pod.getMetadata().getCreationTimestamp())
          .isAfter(instant(newest.getMetadata().getCreationTimestamp()))) {
        newest = pod; // while a pod moves, the newer one of this very workspace takes over
      }
    }
    return Optional.ofNullable(newest);
  }

  /** Running workspace pods (Terraform runner pods excluded) with an IPv4 pod IP, by workspace. */
  private static Map<String, List<Pod>> runningPods(Collection<Pod> pods, List<String> problems) {
    Map<String, List<Pod>> byWorkspace = new HashMap<>();
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String workspace = labels == null ? null : labels.get(Labels.WORKSPACE);
      if (workspace == null || Labels.RUNNER_COMPONENT.equals(labels.get(Labels.COMPONENT))
          || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
          || !"Running".equals(pod.getStatus().getPhase())) {
        continue; // a runner pod carries the workspace's labels too, but runs template code, not the workspace
      }
      String podIp = pod.getStatus().getPodIP();
      if (!Addresses.isIpv4(podIp)) {
        if (podIp != null) {
          problems.add("Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + ": podIP "
              + quoted(podIp) + " is not an IPv4 address; skipped");
        }
        continue;
      }
      byWorkspace.computeIfAbsent(workspaceId(pod.getMetadata().getNamespace(), workspace), k -> new ArrayList<>())
          .add(pod);
    }
    return byWorkspace;
  }

  /** Pods are matched to workspaces by this id, so it must not depend on which object it came from. */
  private static String workspaceId(String namespace, String name) {
    return "Workspace " + namespace + "/" + name;
  }

  private static Optional<JsonNode> parse(String json) {
    try {
      return json == null ? Optional.empty() : Optional.of(JSON.readTree(json));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** A missing or unreadable timestamp sorts last: such an entry never displaces a well-formed older one. */
  private static Instant instant(String text) {
    if (text == null) {
      return Instant.MAX;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }

  private static String quoted(String value) {
    return value == null ? "(missing)" : "'" + value + "'";
  }
}
