package dev.kubicle.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.dev.DevCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against fabric8's mock API server in CRUD mode, which answers 409 to a stale resourceVersion like a real one. */
class OverlayIpamTest {

  private static final String NAMESPACE = "kubicle-system";

  private DevCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = DevCluster.startEphemeral();
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
        .build()).create();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private OverlayIpam ipam(String cidr) {
    return new OverlayIpam(cluster.client(), NAMESPACE, cidr);
  }

  @Test
  void sixteenThreadsAllocatingFiftyEachGetDistinctAddressesInsideTheRange() throws Exception {
    OverlayIpam ipam = new OverlayIpam(cluster.client(), NAMESPACE);
    Map<String, String> byOwner = allocateConcurrently(List.of(ipam), 16, 50);

    assertThat(byOwner).hasSize(16 * 50);
    assertAllDistinctAndAllocatable(byOwner, ipam.range());
    Map<String, String> stored = ipam.allocations();
    assertThat(stored).hasSize(16 * 50);
    byOwner.forEach((owner, address) -> assertThat(stored).containsEntry(address, owner));
  }

  @Test
  void twoReplicasAllocatingAtOnceNeverHandOutTheSameAddress() throws Exception {
    // A /22 (1021 addresses) for 800 owners: dense enough that hash starting points overlap and probing collides.
    OverlayIpam replicaA = ipam("100.64.4.0/22");
    OverlayIpam replicaB = ipam("100.64.4.0/22");
    Map<String, String> byOwner = allocateConcurrently(List.of(replicaA, replicaB), 16, 50);

    assertThat(byOwner).hasSize(16 * 50);
    assertAllDistinctAndAllocatable(byOwner, replicaA.range());
    assertThat(replicaA.allocations()).isEqualTo(replicaB.allocations()).hasSize(16 * 50);
    assertThat(replicaA.conflicts() + replicaB.conflicts()).as("the replicas really raced (409s were retried)")
        .isPositive();
  }

  @Test
  void askingAgainForTheSameOwnerReturnsTheSameAddress() {
    OverlayIpam ipam = new OverlayIpam(cluster.client(), NAMESPACE);
    for (int i = 0; i < 50; i++) {
      String owner = "workspace:team-a/ws-" + i + "/uid-" + i;
      String first = ipam.allocate(owner);
      assertThat(ipam.allocate(owner)).isEqualTo(first);
      assertThat(ipam.addressOf(owner)).contains(first);
    }
    assertThat(ipam.allocations()).hasSize(50);
  }

  @Test
  void aReleasedAddressIsFreeAndTheOwnerIsStickyWhenNobodyTookIt() {
    OverlayIpam ipam = new OverlayIpam(cluster.client(), NAMESPACE);
    String owner = "device:alice/laptop";
    String address = ipam.allocate(owner);

    assertThat(ipam.release(owner)).isTrue();
    assertThat(ipam.release(owner)).as("releasing twice").isFalse();
    assertThat(ipam.addressOf(owner)).isEmpty();
    assertThat(ipam.allocations()).doesNotContainKey(address);

    assertThat(ipam.allocate(owner)).as("same hash start, address still free").isEqualTo(address);
  }

  @Test
  void aReleasedAddressIsHandedOutAgainWhenTheRangeIsFull() {
    OverlayIpam ipam = ipam("10.9.0.0/29"); // 5 allocatable addresses
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      addresses.add(ipam.allocate("device:u/d" + i));
    }
    assertThat(ipam.release("device:u/d2")).isTrue();
    assertThat(ipam.allocate("device:u/new")).isEqualTo(addresses.get(2));
  }

  @Test
  void aRestartedOperatorSeesTheSameAllocations() {
    OverlayIpam before = new OverlayIpam(cluster.client(), NAMESPACE);
    Map<String, String> byOwner = new ConcurrentHashMap<>();
    for (int i = 0; i < 100; i++) {
      String owner = "workspace:ns/ws-" + i + "/uid";
      byOwner.put(owner, before.allocate(owner));
    }
    before.release("workspace:ns/ws-7/uid");
    byOwner.remove("workspace:ns/ws-7/uid");

    OverlayIpam after = new OverlayIpam(cluster.client(), NAMESPACE);
    byOwner.forEach((owner, address) -> assertThat(after.allocate(owner)).isEqualTo(address));
    assertThat(after.allocations()).hasSize(99).isEqualTo(before.allocations());
    assertThat(after.addressOf("workspace:ns/ws-7/uid")).isEmpty();
  }

  @Test
  void allocationsLiveInOneConfigMapMappingAddressToOwner() {
    OverlayIpam ipam = new OverlayIpam(cluster.client(), NAMESPACE);
    String address = ipam.allocate("workspace:team-a/web/1234");
    ConfigMap stored = cluster.client().configMaps().inNamespace(NAMESPACE).withName(OverlayIpam.CONFIG_MAP_NAME)
        .get();
    assertThat(stored.getData()).containsExactly(Map.entry(address, "workspace:team-a/web/1234"));
  }

  @Test
  void aFullRangeIsAClearErrorNamingTheRangeAndHowToWidenIt() {
    OverlayIpam ipam = ipam("10.20.30.16/28");
    assertThat(ipam.range().allocatableCount()).isEqualTo(13);
    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < 13; i++) {
      addresses.add(ipam.allocate("device:u/d" + i));
    }
    assertThat(addresses).hasSize(13).doesNotContain("10.20.30.16", "10.20.30.17", "10.20.30.31");

    assertThatThrownBy(() -> ipam.allocate("device:u/one-too-many"))
        .isInstanceOfSatisfying(IpamExhaustedException.class,
            e -> assertThat(e.range()).hasToString("10.20.30.16/28"))
        .hasMessageContaining("10.20.30.16/28 is full")
        .hasMessageContaining("all 13 addresses")
        .hasMessageContaining("widen the range")
        .hasMessageContaining("10.20.30.0/27");
    assertThat(ipam.allocate("device:u/d3")).as("existing owners still get their address").isIn(addresses);
  }

  @Test
  void badRangesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> ipam("100.64.0.1/16")).hasMessageContaining("did you mean 100.64.0.0/16");
    assertThatThrownBy(() -> ipam("100.64.0.0/31")).hasMessageContaining("/30");
    assertThatThrownBy(() -> ipam("100.64.0.0")).hasMessageContaining("CIDR");
    assertThatThrownBy(() -> ipam("100.64.0.256/24")).hasMessageContaining("above 255");
  }

  private static Map<String, String> allocateConcurrently(List<OverlayIpam> replicas, int threads, int perThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    Map<String, String> byOwner = new ConcurrentHashMap<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        OverlayIpam ipam = replicas.get(t % replicas.size());
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            String owner = "workspace:ns-" + thread + "/ws-" + i + "/uid-" + thread + "-" + i;
            byOwner.put(owner, ipam.allocate(owner));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return byOwner;
  }

  private static void assertAllDistinctAndAllocatable(Map<String, String> byOwner, OverlayRange range) {
    assertThat(new HashSet<>(byOwner.values())).as("distinct addresses").hasSize(byOwner.size());
    String network = OverlayRange.format(range.network());
    String gateway = OverlayRange.format(range.gateway());
    String broadcast = OverlayRange.format(range.broadcast());
    assertThat(byOwner.values()).allSatisfy(address -> {
      assertThat(range.isAllocatable(address)).as(address + " inside " + range).isTrue();
      assertThat(address).isNotIn(network, gateway, broadcast);
    });
  }
}
