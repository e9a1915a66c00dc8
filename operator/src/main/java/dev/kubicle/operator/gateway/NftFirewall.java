package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.util.List;

/**
 * Keeps the Kubicle nftables table in step with the desired state: the whole table once, then only element changes,
 * each sync in one {@code nft -f -} transaction. After a failed transaction nothing is known to be applied, so the
 * next sync rewrites the whole table (atomically: packets never see a half-written table).
 */
public final class NftFirewall {
  private final NftRules rules;
  private final List<String> nft;
  private DesiredState applied;

  public NftFirewall(NftRules rules) {
    this(rules, List.of());
  }

  /** With a command prefix for nft, such as {@code ip netns exec <ns>} (tests and benchmarks). */
  public NftFirewall(NftRules rules, List<String> commandPrefix) {
    this.rules = rules;
    List<String> command = new java.util.ArrayList<>(commandPrefix);
    command.addAll(List.of("nft", "-f", "-"));
    this.nft = List.copyOf(command);
  }

  /** Applies the state; returns whether anything was sent to nft. */
  public boolean apply(DesiredState desired) throws IOException {
    String script = applied == null ? rules.fullTable(desired) : rules.changes(applied, desired);
    if (script.isEmpty()) {
      return false;
    }
    DesiredState before = applied;
    applied = null; // unknown until nft says it worked
    try {
      Commands.run(nft, script);
    } catch (IOException e) {
      throw new IOException((before == null ? "writing the nftables table" : "updating nftables elements") + ": "
          + e.getMessage(), e);
    }
    applied = desired;
    return true;
  }

  /** Forgets what was applied, so the next sync writes the whole table (a periodic repair of outside edits). */
  public void forget() {
    applied = null;
  }

  public void remove() throws IOException {
    Commands.run(nft, rules.deleteTable());
    applied = null;
  }
}
