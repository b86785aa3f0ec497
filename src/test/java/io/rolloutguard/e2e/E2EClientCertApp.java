package io.rolloutguard.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link E2EApp} with the webhook port requiring the API server's client certificate: the e2e CA
 * signs it (e2e/cluster/up.sh, --admission-control-config-file) with this name.
 */
public class E2EClientCertApp extends E2EApp {

  static final String API_SERVER_CLIENT = "kube-apiserver-webhook-client";

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    config.put("rolloutguard.tls.client-ca", RealCluster.DIR.resolve("pki/ca.crt").toString());
    config.put("rolloutguard.tls.client-names", API_SERVER_CLIENT);
    // Ready only once the warm-up got through with its own certificate.
    config.put("rolloutguard.warm-up.reviews", "4");
    return config;
  }
}
