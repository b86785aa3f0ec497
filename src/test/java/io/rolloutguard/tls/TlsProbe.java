package io.rolloutguard.tls;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Opens a TLS handshake and returns the serial of the certificate the server presented. */
final class TlsProbe {

  private TlsProbe() {}

  static BigInteger servedSerial(int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    // Accept any certificate: the test asserts which one is served, not whether it is trusted.
    context.init(null, new TrustManager[] {new AcceptAll()}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
