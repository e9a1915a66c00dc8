package dev.kubicle.operator.console.api;

import dev.kubicle.operator.console.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stable pages over cached objects, ordered by namespace then name; {@code continue} is the last key of the previous
 * page, so pages stay correct while objects come and go.
 */
public final class Paging {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;

  /** One page and the key to continue from (null on the last page). */
  public record Page<T>(List<T> items, String next) {}

  private Paging() {}

  public static <T extends HasMetadata> Page<T> page(Stream<T> objects, String after, int limit) {
    if (after != null && (after.length() > 600 || !after.contains("/"))) {
      throw ApiException.badRequest("continue must be the value a previous page returned", "continue");
    }
    List<T> sorted = objects
        .filter(o -> after == null || key(o).compareTo(after) > 0)
        .sorted(Comparator.comparing(Paging::key))
        .limit(limit + 1L)
        .toList();
    if (sorted.size() <= limit) {
      return new Page<>(sorted, null);
    }
    List<T> items = sorted.subList(0, limit);
    return new Page<>(items, key(items.get(items.size() - 1)));
  }

  static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
