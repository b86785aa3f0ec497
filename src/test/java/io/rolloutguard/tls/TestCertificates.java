package io.rolloutguard.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A fresh CA and serving certificate written as PEM files, and free ports, for test servers. */
public final class TestCertificates {

  /** The CA (to trust) and the PEM files of the serving certificate (to serve). */
  public record Served(CertificateIssuer.Issued ca, Path cert, Path key) {}

  private TestCertificates() {}

  public static Served write(Path dir, String caName, List<String> names) {
    try {
      Files.createDirectories(dir);
      Instant now = Instant.now();
      CertificateIssuer.Issued ca = CertificateIssuer.selfSignedCa(caName, now, Duration.ofDays(1));
      CertificateIssuer.Issued serving =
          CertificateIssuer.serving(ca, names, now, Duration.ofDays(1));
      Path cert = Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());
      Path key = Files.writeString(dir.resolve("tls.key"), serving.keyPem());
      return new Served(ca, cert.toAbsolutePath(), key.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
