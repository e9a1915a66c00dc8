package dev.kubicle.operator.agentapi;

import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import java.util.Optional;

/** What the agent API needs to know about workspaces, read from the operator's informer caches. */
public interface AgentDirectory {
  /** False until the caches are synced; agents are asked to come back later meanwhile. */
  boolean ready();

  /**
   * The workspace whose current agent token has this SHA-256, if any: from the operator's own token Secrets (never
   * from the Workspace status), and only if that Secret was issued for this very workspace (same UID).
   */
  Optional<Workspace> byTokenHash(String tokenHash);

  /** The agent settings of the template version the workspace runs (or is starting). */
  Optional<TemplateAgent> agentSettings(Workspace workspace);
}
