package io.rolloutguard.admission;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import java.security.KeyStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points RestAssured at the HTTPS port, trusting only the test CA, so each request proves the app
 * serves the configured certificate. Registered after Quarkus' own extension, so it wins.
 */
public class HttpsOnly implements BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", SelfSignedTls.ca.certificate());
    RestAssured.baseURI = "https://localhost";
    RestAssured.port = SelfSignedTls.port;
    RestAssured.config = RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(trust));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RestAssured.reset();
  }
}
