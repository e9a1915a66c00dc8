package dev.kubicle.webhook.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the next certificate state; pure, so every step of a rotation is testable without a cluster.
 * A certificate is renewed when less than a third of its lifetime is left. A new CA joins the bundle next to the
 * old one first; the serving certificate moves to it only after the bundle has been published for
 * {@code propagation}. The old CA stays in the bundle until it expires.
 */
public record RotationPolicy(List<String> dnsNames, Duration caValidity, Duration leafValidity, Duration propagation) {
  public static final String CA_NAME = "kubicle-webhook-ca";

  /** What a caller may force, for operators (and tests) who want a rotation now. */
  public enum Force { NONE, LEAF, CA }

  public RotationPolicy {
    dnsNames = List.copyOf(dnsNames);
  }

  /** The state to store next; returns {@code state} itself when nothing needs to change. */
  public CertificateState next(CertificateState state, Instant now, Force force) {
    if (state == null || state.ca().getNotAfter().toInstant().isBefore(now)) {
      KeyPair caKey = Certificates.newKeyPair();
      X509Certificate ca = Certificates.ca(caKey, CA_NAME, now, caValidity);
      KeyPair leafKey = Certificates.newKeyPair();
      return new CertificateState(ca, caKey.getPrivate(), List.of(ca),
          Certificates.serving(leafKey, ca, caKey.getPrivate(), dnsNames, now, leafValidity), leafKey.getPrivate(),
          null, null);
    }
    CertificateState next = state;
    List<X509Certificate> trusted = new ArrayList<>(state.bundle().stream()
        .filter(c -> c.getNotAfter().toInstant().isAfter(now)).toList());
    if (!trusted.contains(state.ca())) {
      trusted.add(0, state.ca());
    }
    if (!trusted.equals(state.bundle())) {
      next = withBundle(next, trusted);
    }
    if (force == Force.CA || renewalDue(state.ca(), now)) {
      KeyPair caKey = Certificates.newKeyPair();
      X509Certificate ca = Certificates.ca(caKey, CA_NAME, now, caValidity);
      List<X509Certificate> bundle = new ArrayList<>(trusted);
      bundle.add(0, ca);
      return new CertificateState(ca, caKey.getPrivate(), bundle, next.leaf(), next.leafKey(), null, null);
    }
    X509Certificate leaf = next.leaf();
    boolean fromSigningCa = Certificates.issuedBy(leaf, next.ca());
    Instant published = next.bundlePublishedAt();
    boolean caTrustedByApiServer = published != null && !now.isBefore(published.plus(propagation));
    boolean broken = leaf.getNotAfter().toInstant().isBefore(now) || !Certificates.dnsNames(leaf).equals(dnsNames);
    boolean wanted = force == Force.LEAF || renewalDue(leaf, now) || !fromSigningCa;
    if (broken || wanted && (fromSigningCa || caTrustedByApiServer)) {
      KeyPair leafKey = Certificates.newKeyPair();
      return new CertificateState(next.ca(), next.caKey(), next.bundle(),
          Certificates.serving(leafKey, next.ca(), next.caKey(), dnsNames, now, leafValidity), leafKey.getPrivate(),
          next.publishedBundleHash(), next.publishedAt());
    }
    return next;
  }

  static boolean renewalDue(X509Certificate certificate, Instant now) {
    Instant from = certificate.getNotBefore().toInstant();
    Instant to = certificate.getNotAfter().toInstant();
    Duration third = Duration.between(from, to).dividedBy(3);
    return !now.isBefore(to.minus(third));
  }

  private static CertificateState withBundle(CertificateState s, List<X509Certificate> bundle) {
    return new CertificateState(s.ca(), s.caKey(), bundle, s.leaf(), s.leafKey(), s.publishedBundleHash(),
        s.publishedAt());
  }
}
