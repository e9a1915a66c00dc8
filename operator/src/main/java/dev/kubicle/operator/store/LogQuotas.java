package dev.kubicle.operator.store;

import java.util.Map;

/**
 * How much log text the store keeps per build and per workspace's agent log, in UTF-8 bytes; lines beyond are
 * dropped and counted, so one workspace cannot fill the store's volume. 0 turns a quota off.
 *
 * @param buildBytes per build of a workspace (KUBICLE_STORE_BUILD_LOG_QUOTA_MIB, default 16)
 * @param agentBytes per workspace, all agent log sources together (KUBICLE_STORE_AGENT_LOG_QUOTA_MIB, default 16)
 */
public record LogQuotas(long buildBytes, long agentBytes) {
  public static final long MIB = 1024 * 1024;
  public static final LogQuotas DEFAULTS = new LogQuotas(16 * MIB, 16 * MIB);

  /** Reads the two variables named above; errors name the variable. */
  public static LogQuotas fromEnvironment(Map<String, String> env) {
    return new LogQuotas(mib(env, "KUBICLE_STORE_BUILD_LOG_QUOTA_MIB", DEFAULTS.buildBytes()),
        mib(env, "KUBICLE_STORE_AGENT_LOG_QUOTA_MIB", DEFAULTS.agentBytes()));
  }

  public static long mib(Map<String, String> env, String name, long defaultBytes) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultBytes;
    }
    try {
      long mib = Long.parseLong(value.strip());
      if (mib >= 0 && mib <= 1024 * 1024) {
        return mib * MIB;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StoreException(name + " must be a whole number of MiB between 0 and 1048576; got '"
        + value + "'");
  }

  /** "16 MiB" (or bytes when not a whole number of MiB), for the marker line and logs. */
  public static String describe(long bytes) {
    return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
  }
}
