package dev.kubicle.operator.network;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** The OpenSSH client config that lets a user {@code ssh <workspace>.<namespace>.kubicle} through the tunnel. */
public final class SshConfigSnippet {

  /** The agent's SSH port unless the workspace overrides it (the agent's own default, KUBICLE_AGENT_SSH_PORT). */
  public static final int AGENT_SSH_PORT = 2222;

  // Kubernetes names are DNS labels or subdomains; anything else in a Host line would change its meaning (spaces
  // add patterns, '*' and '?' are wildcards), so it is refused rather than escaped.
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");

  private SshConfigSnippet() {
  }

  /** A workspace the user can reach, and its overlay address. */
  public record WorkspaceAddress(String namespace, String name, String address) {

    /** Rejects names that are not Kubernetes names and addresses that are not IPv4. */
    public WorkspaceAddress {
      requireName(namespace, "namespace");
      requireName(name, "workspace name");
      if (address == null || !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new IllegalArgumentException("The overlay address of " + namespace + "/" + name
            + " is not an IPv4 address: " + address);
      }
    }

    /** The alias used in {@code ssh <alias>}. */
    public String hostAlias() {
      return name + "." + namespace + ".kubicle";
    }
  }

  /** One Host block per workspace, sorted by namespace then name, blank line between blocks, trailing newline. */
  public static String render(String user, List<WorkspaceAddress> workspaces) {
    if (user == null || !USER.matcher(user).matches()) {
      throw new IllegalArgumentException("The SSH user must be letters, digits, '.', '_' or '-', was '" + user + "'");
    }
    StringBuilder out = new StringBuilder();
    workspaces.stream()
        .sorted(Comparator.comparing(WorkspaceAddress::namespace).thenComparing(WorkspaceAddress::name))
        .forEach(workspace -> {
          if (!out.isEmpty()) {
            out.append('\n');
          }
          out.append("Host ").append(workspace.hostAlias()).append('\n');
          out.append("  HostName ").append(workspace.address()).append('\n');
          out.append("  Port ").append(AGENT_SSH_PORT).append('\n');
          out.append("  User ").append(user).append('\n');
        });
    return out.toString();
  }

  private static void requireName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("The " + what + " '" + value + "' is not a Kubernetes name");
    }
  }
}
