package dev.kubicle.operator.terraform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small thread-safe least-recently-used cache; entries are cheap, so one lock is enough. */
final class BoundedLruCache<K, V> {
  private final Map<K, V> entries;

  BoundedLruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
    V value = entries.get(key);
    if (value == null) {
      value = compute.apply(key);
      entries.put(key, value);
    }
    return value;
  }

  synchronized boolean contains(K key) {
    return entries.containsKey(key);
  }

  synchronized int size() {
    return entries.size();
  }
}
