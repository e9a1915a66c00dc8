package dev.kubicle.operator.task.model;

import dev.kubicle.operator.task.llm.TokenCounts;

/**
 * One model tasks may use.
 *
 * @param id the name tasks use in spec.model
 * @param wireModel the model name sent to the provider (defaults to the id)
 * @param contextLimit tokens of context the model accepts (a request larger than this fails the task clearly)
 * @param maxOutputTokens max_tokens of every call
 * @param prices null when the model has no price: cost is then absent, never a misleading zero
 */
public record ModelSettings(String id, ProviderSettings provider, String wireModel, long contextLimit,
    int maxOutputTokens, ModelPrices prices) {

  /** Cost of {@code usage} in micro-dollars, or null when the model has no price. */
  public Long costMicros(TokenCounts usage) {
    return prices == null ? null : prices.costMicros(usage);
  }
}
