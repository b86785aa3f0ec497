package io.rolloutguard.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what the Secret should hold: nothing to do, a new serving certificate, or a new CA and
 * serving certificate. A certificate is renewed once two thirds of its validity have passed, well
 * before it expires. Pure: the caller reads and writes the Secret.
 */
public final class CertificateRotation {

  /** What to issue: the Service's DNS names and the validity of each certificate. */
  public record Settings(List<String> dnsNames, Duration caValidity, Duration servingValidity) {}

  private CertificateRotation() {}

  /** The material to store, or empty when the current one is fine. */
  public static Optional<TlsMaterial> plan(
      Optional<TlsMaterial> current, Settings settings, Instant now) {
    if (current.isEmpty() || !parses(current.get())) {
      return Optional.of(fresh(settings, now, null));
    }
    TlsMaterial m = current.get();
    X509Certificate ca = Pem.certificate(m.caCert());
    if (due(ca, now)) {
      return Optional.of(fresh(settings, now, m.caCert()));
    }
    X509Certificate serving = Pem.certificate(m.cert());
    if (due(serving, now) || !signedBy(serving, ca) || !covers(serving, settings.dnsNames())) {
      CertificateIssuer.Issued caIssued =
          new CertificateIssuer.Issued(ca, Pem.keyPair(m.caCert(), m.caKey()));
      CertificateIssuer.Issued issued =
          CertificateIssuer.serving(caIssued, settings.dnsNames(), now, settings.servingValidity());
      return Optional.of(
          new TlsMaterial(
              m.caCert(), m.caKey(), issued.certificatePem(), issued.keyPem(), m.previousCaCert()));
    }
    return Optional.empty();
  }

  static boolean due(X509Certificate certificate, Instant now) {
    Instant from = certificate.getNotBefore().toInstant();
    Instant to = certificate.getNotAfter().toInstant();
    Instant renewAt = from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
    return !now.isBefore(renewAt);
  }

  private static TlsMaterial fresh(Settings settings, Instant now, String previousCa) {
    CertificateIssuer.Issued ca =
        CertificateIssuer.selfSignedCa("rollout-guard webhook CA", now, settings.caValidity());
    CertificateIssuer.Issued serving =
        CertificateIssuer.serving(ca, settings.dnsNames(), now, settings.servingValidity());
    return new TlsMaterial(
        ca.certificatePem(), ca.keyPem(), serving.certificatePem(), serving.keyPem(), previousCa);
  }

  private static boolean parses(TlsMaterial m) {
    try {
      Pem.certificate(m.caCert());
      Pem.certificate(m.cert());
      Pem.keyPair(m.caCert(), m.caKey());
      Pem.keyPair(m.cert(), m.key());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean covers(X509Certificate certificate, List<String> names) {
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      Set<String> present = new HashSet<>();
      if (sans != null) {
        sans.forEach(san -> present.add(String.valueOf(san.get(1))));
      }
      return present.containsAll(names);
    } catch (CertificateParsingException e) {
      return false;
    }
  }
}
