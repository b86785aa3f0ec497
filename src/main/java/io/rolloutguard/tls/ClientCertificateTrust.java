package io.rolloutguard.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Which client certificates the webhook port accepts: one the API server's client CA signed (and,
 * when names are configured, that names one of them), or the app's own warm-up certificate, signed
 * by a CA that lives only in this process's memory.
 */
final class ClientCertificateTrust implements X509TrustManager {

  private static final int DNS_NAME = 2;

  private final X509TrustManager apiServer;
  private final X509TrustManager warmUp;
  private final Set<String> names;

  ClientCertificateTrust(
      List<X509Certificate> apiServerCas, X509Certificate warmUpCa, Collection<String> names) {
    this.apiServer = pkix(apiServerCas);
    this.warmUp = pkix(List.of(warmUpCa));
    this.names = Set.copyOf(names);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      warmUp.checkClientTrusted(chain, authType);
      return;
    } catch (CertificateException notOurOwn) {
      // then it must be the API server's
    }
    apiServer.checkClientTrusted(chain, authType);
    if (!names.isEmpty() && namesOf(chain[0]).noneMatch(names::contains)) {
      throw new CertificateException(
          "client certificate " + chain[0].getSubjectX500Principal() + " names none of " + names);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("trusts clients only");
  }

  /** Sent in the CertificateRequest: a client picks a certificate these issued. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return Stream.of(apiServer.getAcceptedIssuers(), warmUp.getAcceptedIssuers())
        .flatMap(Stream::of)
        .toArray(X509Certificate[]::new);
  }

  /** The subject's CNs and the DNS names of the subject alternative names. */
  static Stream<String> namesOf(X509Certificate certificate) throws CertificateParsingException {
    List<String> found = new ArrayList<>();
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
      found.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
    }
    Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
    if (alternatives != null) {
      for (List<?> alternative : alternatives) {
        if (Integer.valueOf(DNS_NAME).equals(alternative.get(0))) {
          found.add(String.valueOf(alternative.get(1)));
        }
      }
    }
    return found.stream();
  }

  private static X509TrustManager pkix(List<X509Certificate> anchors) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("ca-" + i, anchors.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X.509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("could not build the client CA trust", e);
    }
  }
}
