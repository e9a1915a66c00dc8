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
 * Forwards TCP connections from one address to another (plumbing, not a test double): the dev API server listens on
 * loopback only, and the gateway in its own network namespace reaches it through this relay on a veth address.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();

  public TcpRelay(InetAddress listen, InetSocketAddress target) throws IOException {
    server = new ServerSocket(0, 50, listen);
    Thread accept = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket upstream = new Socket(target.getAddress(), target.getPort());
          synchronized (sockets) {
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
