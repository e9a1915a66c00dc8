package dev.kubicle.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-memory address index: uniqueness under threads, release, exhaustion, and a restart seeded from records. */
class OverlayAddressesTest {

  private static OverlayAddresses fresh(String cidr) {
    return new OverlayAddresses(OverlayRange.parse(cidr), List::of);
  }

  @Test
  void sixteenThreadsAllocatingFiftyEachGetDistinctAddressesInsideTheRange() throws Exception {
    OverlayAddresses addresses = fresh(OverlayRange.DEFAULT_CIDR);
    Map<String, String> byOwner = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < 50; i++) {
          String owner = "workspace:ns/ws-" + thread + "-" + i + "/uid";
          byOwner.put(owner, addresses.addressFor(owner, null));
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(byOwner).hasSize(800);
    assertThat(new HashSet<>(byOwner.values())).hasSize(800);
    OverlayRange range = addresses.range();
    assertThat(byOwner.values()).allMatch(range::isAllocatable);
    assertThat(addresses.allocations()).hasSize(800);
  }

  @Test
  void askingAgainGivesTheSameAddressAndAReleasedOwnerGetsItsAddressBack() {
    OverlayAddresses addresses = fresh(OverlayRange.DEFAULT_CIDR);
    String first = addresses.addressFor("device:alice/laptop", null);

    assertThat(addresses.addressFor("device:alice/laptop", null)).isEqualTo(first);
    assertThat(addresses.addressFor("device:alice/laptop", first)).isEqualTo(first);
    addresses.release("device:alice/laptop");
    addresses.release("device:alice/laptop"); // twice is harmless
    assertThat(addresses.allocations()).isEmpty();
    assertThat(addresses.addressFor("device:alice/laptop", null)).isEqualTo(first);
  }

  @Test
  void aFullRangeIsAClearErrorAndAReleaseMakesRoom() {
    OverlayAddresses addresses = fresh("10.9.0.0/29"); // 8 addresses: network, gateway, broadcast reserved -> 5
    for (int i = 0; i < 5; i++) {
      addresses.addressFor("device:u/d" + i, null);
    }
    assertThatThrownBy(() -> addresses.addressFor("device:u/d5", null))
        .isInstanceOf(IpamExhaustedException.class)
        .hasMessageContaining("10.9.0.0/29 is full")
        .hasMessageContaining("all 5 addresses")
        .hasMessageContaining("10.9.0.0/28")
        .hasMessageContaining("KUBICLE_OVERLAY_CIDR");
    addresses.release("device:u/d2");
    assertThat(addresses.addressFor("device:u/d5", null)).isNotNull();
    assertThat(addresses.allocations()).containsOnlyKeys("10.9.0.2", "10.9.0.3", "10.9.0.4", "10.9.0.5",
        "10.9.0.6");
  }

  @Test
  void aRestartedIndexKnowsEveryRecordedAddressBeforeItHandsOutANewOne() {
    OverlayAddresses before = fresh("10.9.0.0/28");
    List<OverlayAddresses.Claim> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String owner = "workspace:ns/ws" + i + "/uid" + i;
      records.add(new OverlayAddresses.Claim(owner, before.addressFor(owner, null), Instant.EPOCH.plusSeconds(i)));
    }
    AtomicInteger reads = new AtomicInteger();
    OverlayAddresses after = new OverlayAddresses(OverlayRange.parse("10.9.0.0/28"), () -> {
      reads.incrementAndGet();
      return records;
    });

    for (OverlayAddresses.Claim claim : records) {
      assertThat(after.addressFor(claim.owner(), claim.address())).isEqualTo(claim.address());
    }
    String newcomer = after.addressFor("workspace:ns/new/uid", null);
    assertThat(records).noneMatch(c -> c.address().equals(newcomer));
    assertThat(reads).hasValue(1); // seeded once, not per call
  }

  @Test
  void twoRecordsOfOneAddressKeepItForTheOlderOwnerAndMoveTheNewer() {
    OverlayAddresses addresses = new OverlayAddresses(OverlayRange.parse("10.9.0.0/24"), () -> List.of(
        new OverlayAddresses.Claim("workspace:ns/newer/u2", "10.9.0.7", Instant.parse("2026-02-01T00:00:00Z")),
        new OverlayAddresses.Claim("workspace:ns/older/u1", "10.9.0.7", Instant.parse("2026-01-01T00:00:00Z")),
        new OverlayAddresses.Claim("workspace:ns/outside/u3", "10.10.0.7", Instant.EPOCH)));

    assertThat(addresses.addressFor("workspace:ns/older/u1", "10.9.0.7")).isEqualTo("10.9.0.7");
    assertThat(addresses.addressFor("workspace:ns/newer/u2", "10.9.0.7")).isNotEqualTo("10.9.0.7");
    assertThat(addresses.addressFor("workspace:ns/outside/u3", "10.10.0.7")).startsWith("10.9.0.");
  }

  @Test
  void randomAllocationsAndReleasesNeverBreakTheInvariants() {
    // A model check: 5,000 random steps against a /26, compared with a plain map after each one.
    Random random = new Random(20261201);
    OverlayAddresses addresses = fresh("10.9.0.0/26"); // 61 allocatable
    Map<String, String> model = new HashMap<>();
    for (int step = 0; step < 5000; step++) {
      String owner = "device:u/d" + random.nextInt(80);
      if (random.nextInt(3) == 0) {
        addresses.release(owner);
        model.remove(owner);
      } else if (model.containsKey(owner)) {
        assertThat(addresses.addressFor(owner, null)).isEqualTo(model.get(owner));
      } else if (model.size() == 61) {
        assertThatThrownBy(() -> addresses.addressFor(owner, null)).isInstanceOf(IpamExhaustedException.class);
      } else {
        model.put(owner, addresses.addressFor(owner, null));
      }
      Set<String> distinct = new HashSet<>(model.values());
      assertThat(distinct).hasSize(model.size());
    }
    Map<String, String> expected = new HashMap<>();
    model.forEach((owner, address) -> expected.put(address, owner));
    assertThat(addresses.allocations()).isEqualTo(expected);
  }
}
