package io.rolloutguard.tls;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook CA and serving certificate as kept in the Secret. The previous CA stays in the
 * caBundle until it expires, so the API server trusts both sides of a CA rotation.
 */
public record TlsMaterial(
    String caCert, String caKey, String cert, String key, String previousCaCert) {

  static final String CA_CRT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String PREVIOUS_CA_CRT = "previous-ca.crt";

  /** Secret data, base64-encoded as the API wants it. */
  public Map<String, String> toSecretData() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CA_CRT, encode(caCert));
    data.put(CA_KEY, encode(caKey));
    data.put(TLS_CRT, encode(cert));
    data.put(TLS_KEY, encode(key));
    if (previousCaCert != null) {
      data.put(PREVIOUS_CA_CRT, encode(previousCaCert));
    }
    return data;
  }

  /** Empty when a key is missing: such a Secret is replaced, not trusted. */
  public static Optional<TlsMaterial> fromSecretData(Map<String, String> data) {
    if (data == null
        || !data.keySet().containsAll(java.util.List.of(CA_CRT, CA_KEY, TLS_CRT, TLS_KEY))) {
      return Optional.empty();
    }
    return Optional.of(
        new TlsMaterial(
            decode(data.get(CA_CRT)),
            decode(data.get(CA_KEY)),
            decode(data.get(TLS_CRT)),
            decode(data.get(TLS_KEY)),
            data.containsKey(PREVIOUS_CA_CRT) ? decode(data.get(PREVIOUS_CA_CRT)) : null));
  }

  /** The PEM bundle for the webhook configurations' caBundle. */
  public String caBundle(Instant now) {
    boolean keepPrevious =
        previousCaCert != null
            && Pem.certificate(previousCaCert).getNotAfter().toInstant().isAfter(now);
    return keepPrevious ? caCert + previousCaCert : caCert;
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
