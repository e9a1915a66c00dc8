package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Tokens spent by an AgentTask, by kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TokenUsage {
  private Long input;
  private Long output;
  private Long cacheRead;
  private Long cacheWrite;

  public Long getInput() { return input; }
  public void setInput(Long input) { this.input = input; }
  public Long getOutput() { return output; }
  public void setOutput(Long output) { this.output = output; }
  public Long getCacheRead() { return cacheRead; }
  public void setCacheRead(Long cacheRead) { this.cacheRead = cacheRead; }
  public Long getCacheWrite() { return cacheWrite; }
  public void setCacheWrite(Long cacheWrite) { this.cacheWrite = cacheWrite; }
}
