package io.rolloutguard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * GETs health ({@code /q/health/...}) and metrics ({@code /q/metrics}) from the app's management
 * port, plain HTTP as the kubelet and Prometheus use it; the webhook port serves only the webhooks.
 */
final class AppHttp {

  private AppHttp() {}

  /** The Prometheus scrape. */
  static String metrics() {
    return management("/q/metrics");
  }

  static String management(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + E2EApp.managementPort + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    }
  }
}
