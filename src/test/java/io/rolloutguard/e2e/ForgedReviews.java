package io.rolloutguard.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * AdmissionReviews posted straight to the webhook port, as any pod could, from 127.0.0.2: an
 * address that is not the API server's (127.0.0.1 in the e2e cluster). One kept-alive HTTP/1.1
 * connection, so thousands of reviews cost one handshake.
 */
final class ForgedReviews implements AutoCloseable {

  static final InetAddress NOT_THE_API_SERVER = address("127.0.0.2");

  record Answer(int status, String body) {}

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  ForgedReviews(int port, X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    socket =
        (SSLSocket)
            tls.getSocketFactory().createSocket(address("127.0.0.1"), port, NOT_THE_API_SERVER, 0);
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A CREATE review of a minimal object of the given kind in the namespace. */
  Answer post(String path, String group, String version, String kind, String namespace)
      throws IOException {
    String review =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
            + "\"uid\":\"forged\",\"kind\":{\"group\":\""
            + group
            + "\",\"version\":\""
            + version
            + "\",\"kind\":\""
            + kind
            + "\"},\"operation\":\"CREATE\",\"namespace\":\""
            + namespace
            + "\",\"userInfo\":{\"username\":\"system:kube-controller-manager\"},"
            + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\""
            + kind
            + "\",\"metadata\":{\"name\":\"x\",\"namespace\":\""
            + namespace
            + "\"}}}}";
    return post(path, review);
  }

  Answer post(String path, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return read();
  }

  private Answer read() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    int length = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).trim());
      }
    }
    return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        buffer.write(b);
      }
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
