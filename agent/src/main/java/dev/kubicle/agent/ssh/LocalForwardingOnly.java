package dev.kubicle.agent.ssh;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * Allows {@code ssh -L} (the client reaches a port in the workspace) and nothing else: no listening ports opened on
 * the workspace's behalf, no agent or X11 forwarding.
 */
final class LocalForwardingOnly implements ForwardingFilter {
  @Override
  public boolean canForwardAgent(Session session, String requestType) {
    return false;
  }

  @Override
  public boolean canForwardX11(Session session, String requestType) {
    return false;
  }

  @Override
  public boolean canListen(SshdSocketAddress address, Session session) {
    return false;
  }

  @Override
  public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
    return type == Type.Direct;
  }
}
