package dev.kubicle.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.AutostartOverride;
import dev.kubicle.api.v1alpha1.AutostopOverride;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LifecyclePolicyTest {
  @Test
  void nothingSetGivesCodersDefaults() {
    assertThat(LifecyclePolicy.resolve(null, null)).isEqualTo(LifecyclePolicy.DEFAULTS);
    assertThat(LifecyclePolicy.resolve(new TemplateLifecycle(), new WorkspaceSpec())).isEqualTo(LifecyclePolicy.DEFAULTS);
    assertThat(LifecyclePolicy.DEFAULTS.ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(LifecyclePolicy.DEFAULTS.activityBump()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void templateValuesApply() {
    TemplateLifecycle t = new TemplateLifecycle();
    t.setDefaultTtl("8h");
    t.setActivityBump("30m");
    t.setMaxLifetime("72h");
    t.setFailureTtl("10m");
    t.setTimeTilDormant("720h");
    t.setTimeTilDormantAutodelete("168h");
    LifecyclePolicy p = LifecyclePolicy.resolve(t, null);
    assertThat(p.ttl()).isEqualTo(Duration.ofHours(8));
    assertThat(p.activityBump()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.maxLifetime()).contains(Duration.ofHours(72));
    assertThat(p.failureTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.timeTilDormant()).isEqualTo(Duration.ofHours(720));
    assertThat(p.dormantAutodelete()).isEqualTo(Duration.ofHours(168));
  }

  @Test
  void workspaceOverridesApplyOnlyWhereTheTemplateAllows() {
    TemplateLifecycle t = new TemplateLifecycle();
    t.setDefaultTtl("8h");
    WorkspaceSpec w = workspace("2h", "CRON_TZ=Europe/Berlin 0 8 * * 1-5");

    LifecyclePolicy allowed = LifecyclePolicy.resolve(t, w);
    assertThat(allowed.ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(allowed.autostart()).hasValueSatisfying(s -> assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin")));

    t.setAllowUserAutostop(false);
    t.setAllowUserAutostart(false);
    LifecyclePolicy denied = LifecyclePolicy.resolve(t, w);
    assertThat(denied.ttl()).isEqualTo(Duration.ofHours(8));
    assertThat(denied.autostart()).isEmpty();

    t.setAllowUserAutostop(true);
    assertThat(LifecyclePolicy.resolve(t, w).ttl()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void zeroSwitchesRulesOff() {
    TemplateLifecycle t = new TemplateLifecycle();
    t.setActivityBump("0");
    t.setMaxLifetime("0");
    LifecyclePolicy p = LifecyclePolicy.resolve(t, workspace("0", null));
    assertThat(p.ttl()).isZero();
    assertThat(p.activityBump()).isZero();
    assertThat(p.maxLifetime()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1h", "1d", "abc", "99999h", "10", " "})
  void invalidTemplateDurationsFallBackToDefaults(String bad) {
    TemplateLifecycle t = new TemplateLifecycle();
    t.setDefaultTtl(bad);
    t.setActivityBump(bad);
    t.setMaxLifetime(bad);
    t.setFailureTtl(bad);
    t.setTimeTilDormant(bad);
    t.setTimeTilDormantAutodelete(bad);
    assertThat(LifecyclePolicy.resolve(t, workspace(null, null))).isEqualTo(LifecyclePolicy.DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1h", "1w", "forever", ""})
  void invalidWorkspaceTtlFallsBackToTheTemplates(String bad) {
    TemplateLifecycle t = new TemplateLifecycle();
    t.setDefaultTtl("8h");
    assertThat(LifecyclePolicy.resolve(t, workspace(bad, null)).ttl()).isEqualTo(Duration.ofHours(8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 8 1 * *", "CRON_TZ=Mars/Olympus 0 8 * * *", "61 8 * * *", "nonsense", ""})
  void invalidScheduleMeansNoAutostart(String bad) {
    assertThat(LifecyclePolicy.resolve(null, workspace(null, bad)).autostart()).isEmpty();
  }

  static WorkspaceSpec workspace(String ttl, String schedule) {
    WorkspaceSpec w = new WorkspaceSpec();
    if (ttl != null) {
      AutostopOverride stop = new AutostopOverride();
      stop.setTtl(ttl);
      w.setAutostop(stop);
    }
    if (schedule != null) {
      AutostartOverride start = new AutostartOverride();
      start.setSchedule(schedule);
      w.setAutostart(start);
    }
    return w;
  }
}
