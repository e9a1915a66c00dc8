package dev.kubicle.agent.ssh;

import dev.kubicle.agent.lifecycle.SessionCounter;
import dev.kubicle.agent.lifecycle.SessionCounter.Kind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.forward.TcpipServerChannel;

/** Counts open SSH channels for stats: a session channel (shell, exec, sftp) as ssh, a forwarded one as port_forward. */
final class SessionTracker implements ChannelListener {
  private final SessionCounter counter;
  /** Each channel is counted once and uncounted once, whatever order SSHD reports events in. */
  private final Map<Channel, Kind> open = new ConcurrentHashMap<>();

  SessionTracker(SessionCounter counter) {
    this.counter = counter;
  }

  @Override
  public void channelOpenSuccess(Channel channel) {
    Kind kind = channel instanceof ChannelSession ? Kind.SSH
        : channel instanceof TcpipServerChannel ? Kind.PORT_FORWARD : null;
    if (kind != null && open.putIfAbsent(channel, kind) == null) {
      counter.opened(kind);
    }
  }

  @Override
  public void channelClosed(Channel channel, Throwable reason) {
    Kind kind = open.remove(channel);
    if (kind != null) {
      counter.closed(kind);
    }
  }
}
