package dev.kubicle.webhook.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cert-manager mode: reads tls.crt and tls.key from the mounted Secret and serves them; {@link #reload} is called
 * periodically and swaps in a renewed certificate (the kubelet updates the mount atomically through a symlink).
 */
public final class CertificateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateFiles.class);

  private final Path directory;
  private final ReloadableKeyManager keys;

  public CertificateFiles(Path directory, ReloadableKeyManager keys) {
    this.directory = directory;
    this.keys = keys;
  }

  /** Loads the files if they hold a certificate other than the one served; a half-written pair is retried later. */
  public void reload() {
    try {
      List<X509Certificate> chain = Certificates.readCertificates(Files.readString(directory.resolve("tls.crt")));
      PrivateKey key = Certificates.readPrivateKey(Files.readString(directory.resolve("tls.key")));
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("no certificate in tls.crt");
      }
      if (!chain.get(0).equals(keys.serving())) {
        keys.update(key, chain.toArray(X509Certificate[]::new));
        LOG.info("Serving the certificate from {} (valid until {})", directory, chain.get(0).getNotAfter().toInstant());
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Cannot load the certificate from {}: {}", directory, e.getMessage());
    }
  }
}
