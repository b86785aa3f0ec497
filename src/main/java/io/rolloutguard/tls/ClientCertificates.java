package io.rolloutguard.tls;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.rolloutguard.config.RolloutGuardConfig;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * With {@code rolloutguard.tls.client-ca} set, the webhook port requires a client certificate: the
 * API server's (its admission kubeconfig), or the warm-up's, issued here in memory at start.
 * Quarkus fixes {@code quarkus.http.ssl.client-auth} at build time, so the HTTPS server's options
 * are changed here, at run time. Without the setting nothing changes.
 */
@ApplicationScoped
public class ClientCertificates implements HttpServerOptionsCustomizer {

  private static final Logger LOG = Logger.getLogger(ClientCertificates.class);
  static final String WARM_UP_NAME = "rollout-guard-warm-up";

  // Long enough for a warm-up that keeps retrying; the key never leaves this process.
  private static final Duration WARM_UP_VALIDITY = Duration.ofDays(7);

  private final Optional<ClientCertificateTrust> trust;
  private final Optional<CertificateIssuer.Issued> warmUp;
  private final String summary;

  public ClientCertificates(RolloutGuardConfig config) {
    Optional<String> caFile = config.tls().clientCa();
    if (caFile.isEmpty()) {
      trust = Optional.empty();
      warmUp = Optional.empty();
      summary = "";
      return;
    }
    List<X509Certificate> cas = Pem.certificates(read(Path.of(caFile.get())));
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("no certificate in rolloutguard.tls.client-ca");
    }
    List<String> names = config.tls().clientNames().orElse(List.of());
    Instant now = Instant.now();
    CertificateIssuer.Issued warmUpCa =
        CertificateIssuer.selfSignedCa(WARM_UP_NAME + " CA", now, WARM_UP_VALIDITY);
    warmUp = Optional.of(CertificateIssuer.client(warmUpCa, WARM_UP_NAME, now, WARM_UP_VALIDITY));
    trust = Optional.of(new ClientCertificateTrust(cas, warmUpCa.certificate(), names));
    summary = caFile.get() + (names.isEmpty() ? "" : ", naming one of " + names);
  }

  @Override
  public void customizeHttpsServer(HttpServerOptions options) {
    trust.ifPresent(
        t -> {
          options
              .setClientAuth(ClientAuth.REQUIRED)
              .setSslEngineOptions(new ClientCertificateEngine(t));
          LOG.infof("the webhook port requires a client certificate signed by %s", summary);
        });
  }

  /** The warm-up's certificate, PEM, when client certificates are required. */
  public Optional<String> warmUpCertificatePem() {
    return warmUp.map(CertificateIssuer.Issued::certificatePem);
  }

  /** Its private key, PEM (PKCS#8). */
  public Optional<String> warmUpKeyPem() {
    return warmUp.map(CertificateIssuer.Issued::keyPem);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rolloutguard.tls.client-ca " + file, e);
    }
  }
}
