package io.rolloutguard.tls;

import io.quarkus.tls.BaseTlsConfiguration;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;

/**
 * A TLS configuration whose key material lives in memory and is swapped when the Secret changes;
 * the HTTP server applies it on a CertificateUpdatedEvent, without a restart.
 */
final class InMemoryTlsConfiguration extends BaseTlsConfiguration {

  private volatile PemKeyCertOptions keyCert;

  InMemoryTlsConfiguration(TlsMaterial material) {
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
    return new SSLOptions().setKeyCertOptions(keyCert);
  }
}
