package io.rolloutguard.admission;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.rolloutguard.config.RolloutGuardConfig;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jboss.logging.Logger;

/**
 * Sends the app's own server a burst of reviews (a clean kubia Deployment, so no finding is logged
 * or counted) as soon as each port listens, so that the JIT, TLS and Jackson are warm before the
 * first review from the API server, which otherwise took 1.7-2.1 s (up to the webhook timeout on a
 * busy machine). Readiness waits for it: a replica is Ready only once its webhook port has served a
 * review.
 */
@ApplicationScoped
public class WarmUp {

  /** The uid of the warm-up review, whose latency stays out of the admission metrics. */
  static final String UID = "00000000-0000-0000-0000-00000000beef";

  private static final Logger LOG = Logger.getLogger(WarmUp.class);
  private static final Duration PORT_WAIT = Duration.ofSeconds(30);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Duration PORT_POLL = Duration.ofMillis(50);

  private final int reviews;
  private volatile boolean httpsStarted;
  private volatile boolean httpsDone;
  private volatile boolean httpDone;
  private ExecutorService worker;

  private final Instance<HttpServer> server;

  @Inject
  public WarmUp(RolloutGuardConfig config, Instance<HttpServer> server) {
    this.reviews = config.warmUp().reviews();
    this.server = server;
  }

  WarmUp(int reviews) {
    this.reviews = reviews;
    this.server = null;
  }

  /** A review this class sent: kept out of the admission metrics and logs. */
  static boolean isWarmUp(ReviewRequest request) {
    return UID.equals(request.uid());
  }

  /**
   * True once the webhook port served its warm-up reviews: the HTTPS port when there is one, else
   * the HTTP port (at once when turned off). The other port's warm-up cannot hold readiness back.
   */
  public boolean done() {
    if (reviews == 0) {
      return true;
    }
    return httpsStarted ? httpsDone : httpDone;
  }

  // Quarkus fires these asynchronously, once each server listens.
  void onHttp(@ObservesAsync HttpServerStart start) {
    submit("http", start.options(), () -> server.get().getPort());
  }

  void onHttps(@ObservesAsync HttpsServerStart start) {
    submit("https", start.options(), () -> server.get().getSecurePort());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (worker != null) {
      worker.shutdownNow();
    }
  }

  /** {@code actualPort} answers for a port configured as 0 (random), which the options keep. */
  private synchronized void submit(
      String scheme, HttpServerOptions options, java.util.function.IntSupplier actualPort) {
    if (reviews == 0) {
      return;
    }
    boolean https = "https".equals(scheme);
    if (https) {
      httpsStarted = true;
    }
    if (worker == null) {
      // Created here, not in a static initialiser or constructor: native-image friendly. One
      // thread per port, so a port that keeps failing cannot hold the other back.
      worker =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "rollout-guard-warm-up");
                t.setDaemon(true);
                return t;
              });
    }
    String host = loopbackFor(options.getHost());
    int port = options.getPort() > 0 ? options.getPort() : actualPort.getAsInt();
    URI base = URI.create(scheme + "://" + host + ":" + port);
    worker.submit(
        () -> {
          // A replica that cannot serve its own port stays not ready, and keeps trying.
          while (!Thread.currentThread().isInterrupted()) {
            try {
              run(base, https);
              if (https) {
                httpsDone = true;
              } else {
                httpDone = true;
              }
              return;
            } catch (LinkageError e) {
              // A runtime without java.net.http (a jlink image that left it out) can never warm up.
              LOG.errorf("warm-up over %s cannot run, never ready: %s", base, e);
              return;
            } catch (RuntimeException e) {
              LOG.warnf("warm-up over %s failed, not ready yet: %s", base, e.getMessage());
              try {
                Thread.sleep(RETRY.toMillis());
              } catch (InterruptedException stop) {
                return;
              }
            }
          }
        });
  }

  /** The wildcard addresses are served on loopback too; a named host is used as it is. */
  static String loopbackFor(String host) {
    if (host == null || host.isEmpty() || "0.0.0.0".equals(host)) {
      return "127.0.0.1";
    }
    if ("::".equals(host) || "[::]".equals(host)) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private void run(URI base, boolean tls) {
    byte[] body = review();
    HttpClient client = client(tls);
    long start = System.nanoTime();
    long first = -1;
    for (int i = 0; i < reviews; i++) {
      String path = i % 2 == 0 ? "/validate" : "/mutate";
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      int status = send(client, request, i == 0);
      if (status != 200) {
        throw new IllegalStateException(path + " answered " + status);
      }
      if (i == 0) {
        first = System.nanoTime() - start;
      }
    }
    LOG.infof(
        "warm-up: %d reviews over %s in %d ms (the first took %d ms)",
        reviews, base, (System.nanoTime() - start) / 1_000_000, first / 1_000_000);
  }

  /** The first request may find the port not yet accepting; it waits for it, within bounds. */
  private static int send(HttpClient client, HttpRequest request, boolean mayWait) {
    long deadline = System.nanoTime() + PORT_WAIT.toNanos();
    while (true) {
      try {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        if (!mayWait || System.nanoTime() > deadline) {
          throw new UncheckedIOException(e);
        }
        awaitPort(request.uri());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static void awaitPort(URI uri) {
    try (Socket ignored = new Socket(uri.getHost(), uri.getPort())) {
      // accepting now
    } catch (IOException notYet) {
      try {
        Thread.sleep(PORT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static byte[] review() {
    try (InputStream in = WarmUp.class.getResourceAsStream("/warm-up/review.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Our own port on loopback: the certificate is the one this process serves, so trusting it
   * without checks is safe here, and needed (it names the Service, not 127.0.0.1).
   */
  private static HttpClient client(boolean tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (tls) {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new X509ExtendedTrustManager[] {new OwnServer()}, null);
        builder.sslContext(context);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("no TLS context", e);
      }
    }
    return builder.build();
  }

  /** Accepts the server's certificate: see {@link #client}. */
  private static final class OwnServer extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
