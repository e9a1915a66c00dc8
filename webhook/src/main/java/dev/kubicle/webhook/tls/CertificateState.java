package dev.kubicle.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the certificate Secret holds: the signing CA and its key, every CA still trusted (the bundle the API server
 * gets), the serving certificate and key, and when the current bundle was last published to the webhook
 * configurations (a serving certificate from a new CA is only used once the API server has had time to trust it).
 */
public record CertificateState(X509Certificate ca, PrivateKey caKey, List<X509Certificate> bundle,
    X509Certificate leaf, PrivateKey leafKey, String publishedBundleHash, Instant publishedAt) {

  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String BUNDLE = "ca-bundle.crt";
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String PUBLISHED_HASH = "kubicle.dev/ca-bundle-published-hash";
  public static final String PUBLISHED_AT = "kubicle.dev/ca-bundle-published-at";

  public CertificateState {
    bundle = List.copyOf(bundle);
  }

  public String bundlePem() {
    return Certificates.pem(bundle);
  }

  public String bundleHash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bundlePem().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the bundle as it is now has reached the webhook configurations, and when. */
  public Instant bundlePublishedAt() {
    return bundleHash().equals(publishedBundleHash) ? publishedAt : null;
  }

  public CertificateState published(Instant at) {
    return new CertificateState(ca, caKey, bundle, leaf, leafKey, bundleHash(), at);
  }

  /** The Secret's data (plain strings; the client base64-encodes them). */
  public Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CA_CRT, Certificates.pem(ca));
    data.put(CA_KEY, Certificates.pem(caKey));
    data.put(BUNDLE, bundlePem());
    data.put(TLS_CRT, Certificates.pem(leaf, ca));
    data.put(TLS_KEY, Certificates.pem(leafKey));
    return data;
  }

  public Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (publishedBundleHash != null && publishedAt != null) {
      annotations.put(PUBLISHED_HASH, publishedBundleHash);
      annotations.put(PUBLISHED_AT, publishedAt.toString());
    }
    return annotations;
  }

  /** Reads decoded Secret data; null when the Secret is empty (the chart creates it so) or unreadable. */
  public static CertificateState from(Map<String, String> data, Map<String, String> annotations) {
    if (data == null || !data.keySet().containsAll(List.of(CA_CRT, CA_KEY, BUNDLE, TLS_CRT, TLS_KEY))) {
      return null;
    }
    try {
      Map<String, String> notes = annotations == null ? Map.of() : annotations;
      String at = notes.get(PUBLISHED_AT);
      return new CertificateState(Certificates.readCertificates(data.get(CA_CRT)).get(0),
          Certificates.readPrivateKey(data.get(CA_KEY)), Certificates.readCertificates(data.get(BUNDLE)),
          Certificates.readCertificates(data.get(TLS_CRT)).get(0), Certificates.readPrivateKey(data.get(TLS_KEY)),
          notes.get(PUBLISHED_HASH), at == null ? null : Instant.parse(at));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
