package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * What the webhook port accepts, asserted from the client's side: TLS 1.3 when offered, TLS 1.2
 * with forward-secret AEAD suites only, nothing older. The certificates are EC, so the weak suite
 * tried is an ECDSA one the JDK would otherwise accept.
 */
public final class StrongTls {

  private static final String CBC = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
  private static final String GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

  private StrongTls() {}

  public static void assertOnlyStrongTls(int port) throws Exception {
    SSLSession preferred = TlsProbe.negotiate(port, null, null);
    assertEquals("TLSv1.3", preferred.getProtocol(), "TLS 1.3 when the client offers it");

    SSLSession tls12 = TlsProbe.negotiate(port, new String[] {"TLSv1.2"}, new String[] {GCM});
    assertEquals("TLSv1.2", tls12.getProtocol());
    assertEquals(GCM, tls12.getCipherSuite());

    assertThrows(
        SSLException.class,
        () -> TlsProbe.negotiate(port, new String[] {"TLSv1.2"}, new String[] {CBC}),
        "a CBC suite is refused");

    assertTrue(
        RawClientHello.answeredWithServerHello(
            port, RawClientHello.TLS_1_2, RawClientHello.ECDHE_ECDSA_AES_128_GCM_SHA256),
        "the hand-written hello works for TLS 1.2");
    assertFalse(
        RawClientHello.answeredWithServerHello(
            port,
            RawClientHello.TLS_1_1,
            RawClientHello.ECDHE_ECDSA_AES_128_CBC_SHA,
            RawClientHello.ECDHE_ECDSA_AES_128_GCM_SHA256),
        "TLS 1.1 is refused");
  }
}
