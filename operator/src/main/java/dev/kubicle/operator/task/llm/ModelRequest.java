package dev.kubicle.operator.task.llm;

import dev.kubicle.operator.task.model.ModelSettings;
import java.util.List;

/**
 * One call to a model.
 *
 * @param apiKey the provider's key (null when it needs none); only ever written into the request's header
 * @param user the task owner's opaque id (see {@link UserIds}), sent as Anthropic's metadata.user_id or OpenAI's user
 */
public record ModelRequest(ModelSettings model, String apiKey, String system, List<ConversationMessage> messages,
    List<ToolDefinition> tools, String user) {

  @Override
  public String toString() {
    // Never print the key.
    return "ModelRequest[model=" + model.id() + ", messages=" + messages.size() + ", user=" + user + "]";
  }
}
