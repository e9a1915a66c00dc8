package dev.kubicle.webhook.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Issues the webhook's CA and serving certificates (ECDSA P-256) with Bouncy Castle, and reads and writes PEM. */
public final class Certificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Tolerates clocks a little behind ours (the API server's, another replica's). */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private Certificates() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is part of every JDK", e);
    }
  }

  /** A self-signed CA that may sign only end-entity certificates (path length 0). */
  public static X509Certificate ca(KeyPair key, String commonName, Instant now, Duration validity) {
    try {
      X500Name subject = new X500Name("CN=" + commonName);
      X509v3CertificateBuilder builder = builder(subject, subject, key, now, validity);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
      return sign(builder, key.getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the CA certificate", e);
    }
  }

  /** A serving certificate for {@code dnsNames} (the first is the subject), signed by {@code ca}. */
  public static X509Certificate serving(KeyPair key, X509Certificate ca, PrivateKey caKey, List<String> dnsNames,
      Instant now, Duration validity) {
    try {
      X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder builder = builder(issuer, new X500Name("CN=" + dnsNames.get(0)), key, now, validity);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
      builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
      GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
          .toArray(GeneralName[]::new);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      return sign(builder, caKey);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the serving certificate", e);
    }
  }

  /** The DNS names in the certificate's subjectAltName. */
  public static List<String> dnsNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(GeneralName.dNSName).equals(san.get(0))) {
            names.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return names;
  }

  public static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public static String pem(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        if (object instanceof PrivateKey key) {
          // PKCS#8 ("PRIVATE KEY"): carries the curve, so any reader (the JDK, Go, OpenSSL) can load it.
          writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } else {
          writer.writeObject(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static String pem(List<X509Certificate> certificates) {
    return pem(certificates.toArray());
  }

  public static List<X509Certificate> readCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable PEM certificates: " + e.getMessage(), e);
    }
    return certificates;
  }

  public static PrivateKey readPrivateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException("no private key in PEM (found " + (o == null ? "nothing" : o.getClass()
          .getSimpleName()) + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PEM private key: " + e.getMessage(), e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key, Instant now,
      Duration validity) {
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
