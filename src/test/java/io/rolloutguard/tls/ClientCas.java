package io.rolloutguard.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The API server's client CA as the webhook is configured with it (written to a file), the client
 * certificates it signed, and one from a CA the webhook does not know. Made once per test JVM.
 */
final class ClientCas {

  static final String API_SERVER = "kube-apiserver";
  static final CertificateIssuer.Issued CA;
  static final CertificateIssuer.Issued OTHER_CA;
  static final Path CA_FILE;

  static {
    Instant now = Instant.now();
    CA = CertificateIssuer.selfSignedCa("api server client CA", now, Duration.ofDays(1));
    OTHER_CA = CertificateIssuer.selfSignedCa("some other CA", now, Duration.ofDays(1));
    try {
      Path dir = Files.createDirectories(Path.of("target", "client-ca"));
      CA_FILE = Files.writeString(dir.resolve("ca.crt"), CA.certificatePem()).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ClientCas() {}

  /** The API server's webhook client certificate. */
  static CertificateIssuer.Issued apiServer() {
    return CertificateIssuer.client(CA, API_SERVER, Instant.now(), Duration.ofDays(1));
  }

  /** Signed by the right CA, but for a name the webhook does not allow. */
  static CertificateIssuer.Issued otherNameOfTheSameCa() {
    return CertificateIssuer.client(CA, "tenant-pod", Instant.now(), Duration.ofDays(1));
  }

  /** The right name, from a CA the webhook does not trust. */
  static CertificateIssuer.Issued otherCa() {
    return CertificateIssuer.client(OTHER_CA, API_SERVER, Instant.now(), Duration.ofDays(1));
  }
}
