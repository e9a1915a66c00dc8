package dev.kubicle.operator.store;

/** How much of one log the store holds: lines and UTF-8 bytes of their text (what the log quotas count). */
public record LogUsage(long lines, long bytes) {
  public static final LogUsage NONE = new LogUsage(0, 0);
}
