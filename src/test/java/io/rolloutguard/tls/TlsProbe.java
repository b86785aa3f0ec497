package io.rolloutguard.tls;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Opens TLS handshakes: which certificate the server presents, and what it negotiates. */
final class TlsProbe {

  private TlsProbe() {}

  static BigInteger servedSerial(int port) throws Exception {
    return ((X509Certificate) negotiate(port, null, null).getPeerCertificates()[0])
        .getSerialNumber();
  }

  /** A handshake offering only these protocols and suites (the JDK's defaults where null). */
  static SSLSession negotiate(int port, String[] protocols, String[] suites) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    // Accept any certificate: the tests assert what is served, not whether it is trusted.
    context.init(null, new TrustManager[] {new AcceptAll()}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      if (protocols != null) {
        socket.setEnabledProtocols(protocols);
      }
      if (suites != null) {
        socket.setEnabledCipherSuites(suites);
      }
      socket.startHandshake();
      return socket.getSession();
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
