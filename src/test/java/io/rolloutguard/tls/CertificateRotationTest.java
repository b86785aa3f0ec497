package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateRotationTest {

  static final List<String> NAMES =
      List.of("rollout-guard", "rollout-guard.rollout-guard", "rollout-guard.rollout-guard.svc");
  static final CertificateRotation.Settings SETTINGS =
      new CertificateRotation.Settings(NAMES, Duration.ofDays(3650), Duration.ofDays(90));
  static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  private static TlsMaterial fresh() {
    return CertificateRotation.plan(Optional.empty(), SETTINGS, NOW).orElseThrow();
  }

  private static String serial(String pem) {
    return Pem.certificate(pem).getSerialNumber().toString(16);
  }

  @Test
  void noSecretGetsACaAndAServingCertificateForTheService() throws Exception {
    TlsMaterial m = fresh();

    var serving = Pem.certificate(m.cert());
    serving.verify(Pem.certificate(m.caCert()).getPublicKey());
    assertTrue(
        serving.getSubjectAlternativeNames().stream()
            .anyMatch(san -> "rollout-guard.rollout-guard.svc".equals(san.get(1))));
    assertEquals(m.caCert(), m.caBundle(NOW));
  }

  @Test
  void aValidCertificateIsKept() {
    TlsMaterial m = fresh();

    assertTrue(
        CertificateRotation.plan(Optional.of(m), SETTINGS, NOW.plus(Duration.ofDays(59)))
            .isEmpty());
  }

  @Test
  void aServingCertificatePastTwoThirdsOfItsLifeIsRenewedUnderTheSameCa() {
    TlsMaterial m = fresh();

    TlsMaterial renewed =
        CertificateRotation.plan(Optional.of(m), SETTINGS, NOW.plus(Duration.ofDays(61)))
            .orElseThrow();

    assertEquals(m.caCert(), renewed.caCert());
    assertNotEquals(serial(m.cert()), serial(renewed.cert()));
  }

  @Test
  void aDueCaIsReplacedAndTheOldOneStaysInTheBundle() {
    TlsMaterial m = fresh();
    Instant later = NOW.plus(Duration.ofDays(2500));

    TlsMaterial rotated = CertificateRotation.plan(Optional.of(m), SETTINGS, later).orElseThrow();

    assertNotEquals(m.caCert(), rotated.caCert());
    assertEquals(m.caCert(), rotated.previousCaCert());
    assertEquals(rotated.caCert() + m.caCert(), rotated.caBundle(later));
  }

  @Test
  void aCertificateForOtherNamesIsReissued() {
    TlsMaterial m = fresh();
    var renamed =
        new CertificateRotation.Settings(
            List.of("other"), Duration.ofDays(3650), Duration.ofDays(90));

    TlsMaterial reissued = CertificateRotation.plan(Optional.of(m), renamed, NOW).orElseThrow();

    assertEquals(m.caCert(), reissued.caCert());
    assertNotEquals(m.cert(), reissued.cert());
  }

  @Test
  void unreadableMaterialIsReplacedNotTrusted() {
    TlsMaterial broken = new TlsMaterial("junk", "junk", "junk", "junk", null);

    TlsMaterial replaced =
        CertificateRotation.plan(Optional.of(broken), SETTINGS, NOW).orElseThrow();

    assertNull(replaced.previousCaCert());
    assertEquals(TlsMaterial.fromSecretData(replaced.toSecretData()).orElseThrow(), replaced);
  }
}
