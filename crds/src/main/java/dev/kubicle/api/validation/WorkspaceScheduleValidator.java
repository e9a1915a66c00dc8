package dev.kubicle.api.validation;

import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import java.util.ArrayList;
import java.util.List;

/** A Workspace's own autostop TTL and autostart schedule: well-formed, and allowed by its template. */
public final class WorkspaceScheduleValidator {
  private WorkspaceScheduleValidator() {}

  /**
   * @param lifecycle the template's lifecycle settings (null: none, so everything is allowed)
   * @param checkAutostop whether to check the TTL (the webhook checks only what an update changed)
   * @param checkAutostart whether to check the schedule
   */
  public static List<Problem> validate(WorkspaceSpec spec, TemplateLifecycle lifecycle, String templateName,
      boolean checkAutostop, boolean checkAutostart) {
    List<Problem> problems = new ArrayList<>();
    if (checkAutostop && spec.getAutostop() != null && spec.getAutostop().getTtl() != null) {
      Durations.check("spec.autostop.ttl", spec.getAutostop().getTtl()).ifPresentOrElse(problems::add, () -> {
        if (lifecycle != null && Boolean.FALSE.equals(lifecycle.getAllowUserAutostop())) {
          problems.add(new Problem("spec.autostop.ttl", "Template " + Texts.quote(templateName) + " does not let "
              + "workspaces set their own TTL (spec.lifecycle.allowUserAutostop is false); remove it"));
        }
      });
    }
    if (checkAutostart && spec.getAutostart() != null && spec.getAutostart().getSchedule() != null) {
      AutostartSchedule.check("spec.autostart.schedule", spec.getAutostart().getSchedule())
          .ifPresentOrElse(problems::add, () -> {
            if (lifecycle != null && Boolean.FALSE.equals(lifecycle.getAllowUserAutostart())) {
              problems.add(new Problem("spec.autostart.schedule", "Template " + Texts.quote(templateName)
                  + " does not allow autostart (spec.lifecycle.allowUserAutostart is false); remove it"));
            }
          });
    }
    return problems;
  }
}
