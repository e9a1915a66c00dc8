package dev.kubicle.operator.lifecycle;

import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.api.validation.AutostartSchedule;
import dev.kubicle.api.validation.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective schedule settings of one workspace: template defaults with the workspace's own overrides where the
 * template allows them. A zero duration switches its rule off.
 */
public record LifecyclePolicy(
    Duration ttl,
    Duration activityBump,
    Optional<Duration> maxLifetime,
    Optional<AutostartSchedule> autostart,
    Duration failureTtl,
    Duration timeTilDormant,
    Duration dormantAutodelete) {

  /** Coder's default time a workspace stays up after a start. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  /** Coder's default activity bump. */
  public static final Duration DEFAULT_ACTIVITY_BUMP = Duration.ofHours(1);
  /** The policy of a template that sets nothing: Coder's defaults, everything else off. */
  public static final LifecyclePolicy DEFAULTS = new LifecyclePolicy(DEFAULT_TTL, DEFAULT_ACTIVITY_BUMP,
      Optional.empty(), Optional.empty(), Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Rejects nulls and negative durations so the rules never have to guard against them. */
  public LifecyclePolicy {
    ttl = nonNegative("ttl", ttl);
    activityBump = nonNegative("activityBump", activityBump);
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    maxLifetime.ifPresent(d -> nonNegative("maxLifetime", d));
    Objects.requireNonNull(autostart, "autostart");
    failureTtl = nonNegative("failureTtl", failureTtl);
    timeTilDormant = nonNegative("timeTilDormant", timeTilDormant);
    dormantAutodelete = nonNegative("dormantAutodelete", dormantAutodelete);
  }

  /**
   * Resolves the policy for {@code workspace} under {@code template}; either may be null (nothing set).
   *
   * <p>The workspace's {@code autostop.ttl} counts only if the template's {@code allowUserAutostop} is not false, its
   * {@code autostart.schedule} only if {@code allowUserAutostart} is not false. An invalid value never breaks
   * reconciliation: it falls back to what applies without it (an invalid workspace TTL to the template's TTL, an
   * invalid template value to Coder's default, an invalid max lifetime or schedule to none). Validation (the webhook
   * and the status conditions) reports such values with the field named; this method stays silent on purpose.
   * A max lifetime of 0 means none.
   */
  public static LifecyclePolicy resolve(TemplateLifecycle template, WorkspaceSpec workspace) {
    TemplateLifecycle t = template != null ? template : new TemplateLifecycle();
    Duration ttl = duration(t.getDefaultTtl(), DEFAULT_TTL);
    Optional<AutostartSchedule> autostart = Optional.empty();
    if (workspace != null) {
      if (!Boolean.FALSE.equals(t.getAllowUserAutostop()) && workspace.getAutostop() != null) {
        ttl = duration(workspace.getAutostop().getTtl(), ttl);
      }
      if (!Boolean.FALSE.equals(t.getAllowUserAutostart()) && workspace.getAutostart() != null) {
        autostart = schedule(workspace.getAutostart().getSchedule());
      }
    }
    Optional<Duration> maxLifetime = Optional.of(duration(t.getMaxLifetime(), Duration.ZERO))
        .filter(d -> !d.isZero());
    return new LifecyclePolicy(ttl, duration(t.getActivityBump(), DEFAULT_ACTIVITY_BUMP), maxLifetime, autostart,
        duration(t.getFailureTtl(), Duration.ZERO), duration(t.getTimeTilDormant(), Duration.ZERO),
        duration(t.getTimeTilDormantAutodelete(), Duration.ZERO));
  }

  // Unset or invalid: the fallback (see resolve); the field name is irrelevant as the message is dropped.
  private static Duration duration(String text, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse("lifecycle", text.trim());
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  private static Optional<AutostartSchedule> schedule(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(AutostartSchedule.parse("autostart.schedule", text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Duration nonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
    return d;
  }
}
