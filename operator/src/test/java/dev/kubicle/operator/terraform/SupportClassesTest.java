package dev.kubicle.operator.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupportClassesTest {

  @Test
  void cacheEvictsTheLeastRecentlyUsedEntryAtCapacity() {
    BoundedLruCache<String, Integer> cache = new BoundedLruCache<>(2);
    cache.computeIfAbsent("a", k -> 1);
    cache.computeIfAbsent("b", k -> 2);
    cache.computeIfAbsent("a", k -> 99); // touch a, so b is now eldest

    cache.computeIfAbsent("c", k -> 3);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.contains("b")).isFalse();
    assertThat(cache.computeIfAbsent("a", k -> 99)).isEqualTo(1);
  }

  @Test
  void cacheComputesOncePerKeyAcrossThreads() throws Exception {
    BoundedLruCache<String, Integer> cache = new BoundedLruCache<>(256);
    AtomicInteger computations = new AtomicInteger();
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        for (int j = 0; j < 1000; j++) {
          cache.computeIfAbsent("k" + (j % 10), k -> computations.incrementAndGet());
        }
      });
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(computations.get()).isEqualTo(10);
  }

  @Test
  void moduleInstanceKeysAreDroppedFromAddresses() {
    assertThat(ResourceAddresses.withoutInstanceKeys("module.a[0].module.b[\"x]y\\\"z\"]"))
        .isEqualTo("module.a.module.b");
    assertThat(ResourceAddresses.withoutInstanceKeys("module.plain")).isEqualTo("module.plain");
  }
}
