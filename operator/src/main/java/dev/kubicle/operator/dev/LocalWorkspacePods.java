package dev.kubicle.operator.dev;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's part for local workspaces on the dev cluster: each running workspace whose agent is a process on
 * this machine (provisioner: local, {@code status.outputs.ssh_address} on 127.0.0.1) gets a Running Pod object
 * whose podIP is this machine's end of the dev gateway's veth pair, so the gateway routes it exactly as it routes a
 * real pod. The agent's SSH server listens on every address of the machine, so the connection arrives at its port
 * there. The Pod goes when the workspace stops or is deleted.
 */
final class LocalWorkspacePods implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWorkspacePods.class);
  static final String POD_SUFFIX = "-local";
  private static final String LOOPBACK = "127.0.0.1:";

  private final KubernetesClient client;
  private final String hostAddress;
  private final Map<String, Workspace> routed = new HashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubicle-dev-pods");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();
  private SharedIndexInformer<Workspace> informer;

  /** @param hostAddress this machine's address on the veth pair, where the gateway sends workspace traffic */
  LocalWorkspacePods(KubernetesClient client, String hostAddress) {
    this.client = client;
    this.hostAddress = hostAddress;
  }

  void start() {
    informer = client.resources(Workspace.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Workspace obj) {
        request();
      }

      @Override
      public void onUpdate(Workspace oldObj, Workspace newObj) {
        request();
      }

      @Override
      public void onDelete(Workspace obj, boolean deletedFinalStateUnknown) {
        request();
      }
    });
    // Events are enough; the periodic pass retries a write that failed.
    executor.scheduleWithFixedDelay(this::request, 30, 30, TimeUnit.SECONDS);
    request();
  }

  private void request() {
    if (pending.compareAndSet(false, true)) {
      executor.schedule(this::reconcile, 200, TimeUnit.MILLISECONDS);
    }
  }

  private void reconcile() {
    pending.set(false);
    Map<String, Workspace> wanted = new HashMap<>();
    for (Workspace ws : informer.getStore().list()) {
      if (isRunningLocally(ws)) {
        wanted.put(ws.getMetadata().getUid(), ws);
      }
    }
    for (String uid : Set.copyOf(routed.keySet())) {
      if (!wanted.containsKey(uid)) {
        Workspace ws = routed.remove(uid);
        try {
          client.pods().inNamespace(ws.getMetadata().getNamespace()).withName(podName(ws)).delete();
          LOG.info("[{}/{}] no longer routed through the dev gateway", ws.getMetadata().getNamespace(),
              ws.getMetadata().getName());
        } catch (RuntimeException e) {
          LOG.warn("[{}/{}] cannot delete its Pod {}: {}", ws.getMetadata().getNamespace(),
              ws.getMetadata().getName(), podName(ws), e.getMessage());
        }
      }
    }
    for (Map.Entry<String, Workspace> entry : wanted.entrySet()) {
      if (!routed.containsKey(entry.getKey())) {
        Workspace ws = entry.getValue();
        try {
          createPod(ws);
          routed.put(entry.getKey(), ws);
          LOG.info("[{}/{}] routed through the dev gateway to {}:{}", ws.getMetadata().getNamespace(),
              ws.getMetadata().getName(), hostAddress, sshPort(ws).orElse("?"));
        } catch (RuntimeException e) {
          LOG.warn("[{}/{}] cannot create its Pod for the dev gateway (retrying): {}",
              ws.getMetadata().getNamespace(), ws.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  /** A running workspace whose agent is a process on this machine. */
  static boolean isRunningLocally(Workspace ws) {
    return ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running
        && ws.getMetadata().getDeletionTimestamp() == null && sshPort(ws).isPresent();
  }

  private static Optional<String> sshPort(Workspace ws) {
    Map<String, String> outputs = ws.getStatus() == null ? null : ws.getStatus().getOutputs();
    String address = outputs == null ? null : outputs.get("ssh_address");
    return address != null && address.startsWith(LOOPBACK) ? Optional.of(address.substring(LOOPBACK.length()))
        : Optional.empty();
  }

  static String podName(Workspace ws) {
    return ws.getMetadata().getName() + POD_SUFFIX;
  }

  private void createPod(Workspace ws) {
    String ns = ws.getMetadata().getNamespace();
    Pod pod = new PodBuilder().withNewMetadata().withNamespace(ns).withName(podName(ws))
        .addToLabels(Labels.WORKSPACE, ws.getMetadata().getName())
        .addToLabels(Labels.WORKSPACE_UID, ws.getMetadata().getUid())
        .addToAnnotations("kubicle.dev/local-agent", ws.getStatus().getOutputs().get("ssh_address"))
        .endMetadata().withNewSpec().addNewContainer().withName("agent").withImage("local-process").endContainer()
        .endSpec().withNewStatus().withPhase("Running").withPodIP(hostAddress).endStatus().build();
    client.pods().inNamespace(ns).resource(pod).createOr(op -> op.update());
    // The dev cluster, like a real API server, may ignore status on create.
    Pod stored = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
    if (stored.getStatus() == null || !hostAddress.equals(stored.getStatus().getPodIP())) {
      stored.setStatus(pod.getStatus());
      client.pods().inNamespace(ns).resource(stored).updateStatus();
    }
  }

  /** Stops watching; the Pods go with the dev cluster, which keeps nothing. */
  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
