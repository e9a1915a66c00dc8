package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards TCP connections from one address to another (plumbing, not a test double): the dev API server and local
 * workspaces' agents listen on loopback only, and the gateway in its own network namespace reaches them through
 * relays on veth addresses.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();

  public TcpRelay(InetAddress listen, InetSocketAddress target) throws IOException {
    this(new InetSocketAddress(listen, 0), target);
  }

  /** Listens on {@code listen} (port 0: a free one) and forwards each connection to {@code target}. */
  public TcpRelay(InetSocketAddress listen, InetSocketAddress target) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen, 50);
    Thread accept = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket upstream;
          try {
            upstream = new Socket(target.getAddress(), target.getPort());
          } catch (IOException e) {
            client.close(); // nothing listens there (yet): the client sees a closed connection
            continue;
          }
          // Interactive traffic (ssh keystrokes) must not wait for Nagle's algorithm at the relay.
          client.setTcpNoDelay(true);
          upstream.setTcpNoDelay(true);
          synchronized (sockets) {
            sockets.removeIf(Socket::isClosed); // a long-running relay (dev mode) must not keep every connection
            sockets.add(client);
            sockets.add(upstream);
          }
          pump(client.getInputStream(), upstream);
          pump(upstream.getInputStream(), client);
        } catch (IOException e) {
          // closed, or one connection failed: the client sees it and retries
        }
      }
    }, "tcp-relay");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private static void pump(InputStream from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from; OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the other side closed
      } finally {
        try {
          to.shutdownOutput();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "tcp-relay-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
