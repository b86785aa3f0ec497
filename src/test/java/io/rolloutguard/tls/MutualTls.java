package io.rolloutguard.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A webhook caller with or without a client certificate: the handshake alone, or a review posted
 * over HTTP/1.1 and the raw answer. The server's certificate is not checked (these tests are about
 * the client's).
 */
final class MutualTls {

  private MutualTls() {}

  /** A full handshake over the given protocol; throws when the server refuses the client. */
  static void handshake(int port, CertificateIssuer.Issued identity, String protocol)
      throws Exception {
    try (SSLSocket socket = open(port, identity)) {
      socket.setEnabledProtocols(new String[] {protocol});
      // Over TLS 1.2 the server checks the client's certificate before its own Finished.
      socket.startHandshake();
    }
  }

  /** The serial number of the certificate the server presents to this client. */
  static java.math.BigInteger servedSerial(int port, CertificateIssuer.Issued identity)
      throws Exception {
    try (SSLSocket socket = open(port, identity)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** POSTs the review and returns the whole answer, status line included. */
  static String post(int port, CertificateIssuer.Issued identity, String path, byte[] review)
      throws Exception {
    try (SSLSocket socket = open(port, identity)) {
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + review.length
              + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(review);
      out.flush();
      return readAll(socket.getInputStream());
    }
  }

  static byte[] review(String fixture) throws IOException {
    try (InputStream in = MutualTls.class.getResourceAsStream("/admission/" + fixture)) {
      return in.readAllBytes();
    }
  }

  private static SSLSocket open(int port, CertificateIssuer.Issued identity) throws Exception {
    KeyManager[] keys = null;
    if (identity != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "test".toCharArray();
      store.setKeyEntry(
          "client",
          identity.keys().getPrivate(),
          password,
          new Certificate[] {identity.certificate()});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      keys = factory.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, new TrustManager[] {new AcceptAnyServer()}, null);
    return (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }

  private static final class AcceptAnyServer implements X509TrustManager {
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
