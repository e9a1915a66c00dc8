package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A workspace's autostart schedule, where the template allows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutostartOverride {
  @JsonPropertyDescription("Cron 'min hour * * dow', optionally prefixed 'CRON_TZ=Europe/Berlin '.")
  private String schedule;

  public String getSchedule() { return schedule; }
  public void setSchedule(String schedule) { this.schedule = schedule; }
}
