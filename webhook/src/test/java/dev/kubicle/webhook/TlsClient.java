package dev.kubicle.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Calls the webhook the way the API server does: TLS to 127.0.0.1, but verifying the chain against the CA bundle
 * only and the certificate against the Service's DNS name (SNI and endpoint identification), one connection per call.
 */
public final class TlsClient {
  private static final Map<List<X509Certificate>, TrustManager[]> TRUST = new ConcurrentHashMap<>();

  private TlsClient() {}

  /** The response status and body. */
  public record Response(int status, String body) {}

  public static Response post(int port, String hostName, List<X509Certificate> trusted, String path, String json)
      throws IOException, GeneralSecurityException {
    SSLContext ssl = SSLContext.getInstance("TLS");
    // A fresh context per call: no session to resume, so every call is a full handshake that checks the chain.
    ssl.init(null, TRUST.computeIfAbsent(List.copyOf(trusted), TlsClient::trustManagers), null);
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      plain.setSoTimeout(5000);
      try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(plain, hostName, port, true)) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: " + hostName + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return parse(socket.getInputStream());
      }
    }
  }

  static TrustManager[] trustManagers(List<X509Certificate> trusted) {
    try {
      return load(trusted);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrustManager[] load(List<X509Certificate> trusted) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static Response parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int headerEnd = text.indexOf("\r\n\r\n");
    int status = Integer.parseInt(text.substring(9, 12));
    String body = headerEnd < 0 ? "" : text.substring(headerEnd + 4);
    if (text.substring(0, Math.max(headerEnd, 0)).toLowerCase().contains("transfer-encoding: chunked")) {
      body = dechunk(body);
    }
    return new Response(status, body);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int lineEnd = body.indexOf("\r\n", i);
      int size = Integer.parseInt(body.substring(i, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, lineEnd + 2, lineEnd + 2 + size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
