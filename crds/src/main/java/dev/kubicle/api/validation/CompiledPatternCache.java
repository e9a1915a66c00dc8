package dev.kubicle.api.validation;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiled template patterns by pattern text, least recently used evicted first, bounded both in entries and in total
 * compiled size: templates rarely change, so the console, the webhook and reconciles share one compilation.
 */
final class CompiledPatternCache {
  private final int maxEntries;
  private final long maxTotalSize;
  private final LinkedHashMap<String, TemplateRegex.Compiled> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long totalSize;

  CompiledPatternCache(int maxEntries, long maxTotalSize) {
    this.maxEntries = maxEntries;
    this.maxTotalSize = maxTotalSize;
  }

  /** The cached value for {@code regex}, compiling it outside the lock when absent. */
  TemplateRegex.Compiled get(String regex, Function<String, TemplateRegex.Compiled> compile) {
    synchronized (this) {
      TemplateRegex.Compiled hit = entries.get(regex);
      if (hit != null) {
        return hit;
      }
    }
    // Two threads may compile the same text at once; both results are equal, and the lock stays short.
    TemplateRegex.Compiled compiled = compile.apply(regex);
    synchronized (this) {
      TemplateRegex.Compiled previous = entries.put(regex, compiled);
      totalSize += compiled.size() - (previous == null ? 0 : previous.size());
      evict();
    }
    return compiled;
  }

  synchronized int size() {
    return entries.size();
  }

  private void evict() {
    Iterator<Map.Entry<String, TemplateRegex.Compiled>> eldest = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || totalSize > maxTotalSize) && eldest.hasNext()) {
      totalSize -= eldest.next().getValue().size();
      eldest.remove();
    }
  }
}
