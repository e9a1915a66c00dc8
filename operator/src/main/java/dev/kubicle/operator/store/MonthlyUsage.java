package dev.kubicle.operator.store;

/**
 * One user's use of one model in one month (UTC): calls, tokens by kind, and cost.
 *
 * @param month "YYYY-MM"
 * @param ownerKey the user's key (issuer|subject), null when they have never signed in
 * @param costMicros the cost of the priced calls in micro-dollars; null when no call of this row had a price
 * @param unpricedCalls calls of a model without a price: their cost is unknown, not zero
 */
public record MonthlyUsage(String month, String owner, String ownerKey, String provider, String model, long calls,
    long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, Long costMicros,
    long unpricedCalls) {}
