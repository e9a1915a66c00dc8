package dev.kubicle.operator.task.model;

import dev.kubicle.operator.task.llm.TokenCounts;

/**
 * A model's prices in micro-dollars per million tokens, by kind. Because a price per million tokens in dollars is
 * numerically the price per token in micro-dollars, cost is exact integer arithmetic: the sum of tokens times
 * these prices, divided by a million and rounded (half up) once.
 */
public record ModelPrices(long inputMicrosPerMillion, long outputMicrosPerMillion, long cacheReadMicrosPerMillion,
    long cacheWriteMicrosPerMillion) {

  private static final long MILLION = 1_000_000L;

  /** Cost of {@code usage} in micro-dollars; throws ArithmeticException rather than overflow silently. */
  public long costMicros(TokenCounts usage) {
    long numerator = Math.addExact(
        Math.addExact(Math.multiplyExact(usage.input(), inputMicrosPerMillion),
            Math.multiplyExact(usage.output(), outputMicrosPerMillion)),
        Math.addExact(Math.multiplyExact(usage.cacheRead(), cacheReadMicrosPerMillion),
            Math.multiplyExact(usage.cacheWrite(), cacheWriteMicrosPerMillion)));
    return (numerator + MILLION / 2) / MILLION;
  }
}
