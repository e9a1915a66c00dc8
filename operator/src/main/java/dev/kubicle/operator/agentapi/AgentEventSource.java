package dev.kubicle.operator.agentapi;

import dev.kubicle.api.v1alpha1.Workspace;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/** Wakes the Workspace controller when an agent's coarse state changes, so the status says so. */
public class AgentEventSource extends AbstractEventSource<AgentState, Workspace> {
  private final AgentRegistry registry;

  public AgentEventSource(AgentRegistry registry) {
    super(AgentState.class, "agents");
    this.registry = registry;
    registry.onChange(this::changed);
  }

  private void changed(ResourceID workspace) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(workspace));
    }
  }

  @Override
  public Set<AgentState> getSecondaryResources(Workspace workspace) {
    return registry.state(ResourceID.fromResource(workspace)).map(Set::of).orElse(Set.of());
  }
}
