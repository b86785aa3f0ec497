package io.rolloutguard.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK TLS engine, with every server context it builds requiring a client certificate that
 * {@code trust} accepts. Vert.x keeps the engine options for the server's life, while every
 * certificate swap (self-managed TLS, the TLS registry's or Quarkus' file reload) replaces the SSL
 * options, trust options included, whole: here the requirement survives every swap.
 */
final class ClientCertificateEngine extends JdkSSLEngineOptions {

  private final X509TrustManager trust;

  ClientCertificateEngine(X509TrustManager trust) {
    this.trust = trust;
  }

  private ClientCertificateEngine(ClientCertificateEngine other) {
    super(other);
    this.trust = other.trust;
  }

  @Override
  public JdkSSLEngineOptions copy() {
    return new ClientCertificateEngine(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Requiring(super.sslContextFactory(), trust);
  }

  /** Passes every setting on, except the trust and the client authentication, which it fixes. */
  private static final class Requiring implements SslContextFactory {
    private final SslContextFactory delegate;
    private final X509TrustManager trust;

    Requiring(SslContextFactory delegate, X509TrustManager trust) {
      this.delegate = delegate;
      this.trust = trust;
    }

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      delegate.useAlpn(useAlpn);
      return this;
    }

    @Override
    public SslContextFactory clientAuth(ClientAuth ignored) {
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      delegate.forClient(forClient);
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
      delegate.keyMananagerFactory(factory);
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory ignored) {
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> suites) {
      delegate.enabledCipherSuites(suites);
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> protocols) {
      delegate.applicationProtocols(protocols);
      return this;
    }

    @Override
    public SslContextFactory serverName(String name) {
      delegate.serverName(name);
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      return delegate.clientAuth(ClientAuth.REQUIRE).trustManagerFactory(new Fixed(trust)).create();
    }
  }

  private static final class Fixed extends SimpleTrustManagerFactory {
    private final TrustManager[] managers;

    Fixed(X509TrustManager trust) {
      this.managers = new TrustManager[] {trust};
    }

    @Override
    protected void engineInit(KeyStore keyStore) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return managers.clone();
    }
  }
}
