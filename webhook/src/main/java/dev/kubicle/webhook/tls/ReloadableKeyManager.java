package dev.kubicle.webhook.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager whose certificate can be swapped at any time. Each certificate gets its own alias, and the
 * previous one stays resolvable, so a handshake that chose an alias just before a swap still gets a matching
 * chain and key: no handshake fails because of a rotation.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager {
  private record Generation(String alias, PrivateKey key, X509Certificate[] chain) {}

  private final AtomicLong counter = new AtomicLong();
  private volatile Generation current;
  private volatile Generation previous;

  /** Serves {@code chain} (leaf first) with {@code key} for every handshake from now on. */
  public synchronized void update(PrivateKey key, X509Certificate... chain) {
    if (current != null && current.chain[0].equals(chain[0])) {
      return;
    }
    previous = current;
    current = new Generation("kubicle-webhook-" + counter.incrementAndGet(), key, chain.clone());
  }

  public boolean loaded() {
    return current != null;
  }

  /** The certificate served now, or null before the first update. */
  public X509Certificate serving() {
    Generation g = current;
    return g == null ? null : g.chain[0];
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = choose(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Generation g = find(alias);
    return g == null ? null : g.chain.clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Generation g = find(alias);
    return g == null ? null : g.key;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private String choose(String keyType) {
    Generation g = current;
    // keyType is "EC" for ECDSA in TLS 1.2 and 1.3 ("EC_EC" for old static-ECDH suites, which we do not offer).
    return g != null && keyType != null && keyType.startsWith(g.key.getAlgorithm()) ? g.alias : null;
  }

  private Generation find(String alias) {
    Generation c = current;
    if (c != null && c.alias.equals(alias)) {
      return c;
    }
    Generation p = previous;
    return p != null && p.alias.equals(alias) ? p : null;
  }
}
