package dev.kubicle.operator.task.llm;

/**
 * Tokens of one model call or of a whole task, by kind. {@code input} is input read at the full price (for OpenAI
 * that is prompt tokens minus cached ones), so the four kinds never overlap and cost is a plain sum.
 */
public record TokenCounts(long input, long output, long cacheRead, long cacheWrite) {
  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0);

  public TokenCounts plus(TokenCounts other) {
    return new TokenCounts(input + other.input, output + other.output, cacheRead + other.cacheRead,
        cacheWrite + other.cacheWrite);
  }

  /** All tokens, of every kind: what a token budget counts. */
  public long total() {
    return input + output + cacheRead + cacheWrite;
  }
}
