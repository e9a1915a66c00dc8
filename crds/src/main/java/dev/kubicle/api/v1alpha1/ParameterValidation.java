package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Rules a parameter value must satisfy: a regex with its error for strings, bounds and direction for numbers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterValidation {
  @JsonPropertyDescription("Java regular expression the whole string value must match.")
  private String regex;

  @JsonPropertyDescription("Message shown when the value breaks a rule (regex, min or max); required with regex. "
      + "{value}, {min} and {max} are replaced.")
  private String error;

  @JsonPropertyDescription("Smallest allowed number.")
  private Long min;

  @JsonPropertyDescription("Largest allowed number.")
  private Long max;

  @JsonPropertyDescription("increasing or decreasing: a number may only move that way on update.")
  private Monotonic monotonic;

  public String getRegex() { return regex; }
  public void setRegex(String regex) { this.regex = regex; }
  public String getError() { return error; }
  public void setError(String error) { this.error = error; }
  public Long getMin() { return min; }
  public void setMin(Long min) { this.min = min; }
  public Long getMax() { return max; }
  public void setMax(Long max) { this.max = max; }
  public Monotonic getMonotonic() { return monotonic; }
  public void setMonotonic(Monotonic monotonic) { this.monotonic = monotonic; }
}
