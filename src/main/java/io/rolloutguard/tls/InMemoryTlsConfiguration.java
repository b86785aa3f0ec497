package io.rolloutguard.tls;

import io.quarkus.tls.BaseTlsConfiguration;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A TLS configuration whose key material lives in memory and is swapped when the Secret changes;
 * the HTTP server applies it on a CertificateUpdatedEvent, without a restart. The server takes its
 * protocols and cipher suites from {@link #getSSLOptions()} at start and again at every swap (which
 * replaces the options whole), so they are set here, not only at start.
 */
final class InMemoryTlsConfiguration extends BaseTlsConfiguration {

  private final List<String> protocols;
  private final List<String> cipherSuites;
  private volatile PemKeyCertOptions keyCert;

  InMemoryTlsConfiguration(
      TlsMaterial material, List<String> protocols, List<String> cipherSuites) {
    this.protocols = List.copyOf(protocols);
    this.cipherSuites = List.copyOf(cipherSuites);
    update(material);
  }

  void update(TlsMaterial material) {
    keyCert =
        new PemKeyCertOptions()
            .addCertValue(Buffer.buffer(material.cert()))
            .addKeyValue(Buffer.buffer(material.key()));
  }

  @Override
  public KeyCertOptions getKeyStoreOptions() {
    return keyCert;
  }

  @Override
  public SSLOptions getSSLOptions() {
    SSLOptions options =
        new SSLOptions()
            .setKeyCertOptions(keyCert)
            .setEnabledSecureTransportProtocols(new LinkedHashSet<>(protocols));
    cipherSuites.forEach(options::addEnabledCipherSuite);
    return options;
  }
}
