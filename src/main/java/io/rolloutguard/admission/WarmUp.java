package io.rolloutguard.admission;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.rolloutguard.config.RolloutGuardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private static final Duration CONNECT_WAIT = Duration.ofSeconds(2);
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

  private final int reviews;
  private volatile boolean httpsStarted;
  private volatile boolean httpsDone;
  private volatile boolean httpDone;
  private ExecutorService worker;

  private final Instance<HttpServer> server;
  private final Instance<Vertx> vertx;
  private final WarmUpCredentials credentials;

  @Inject
  public WarmUp(
      RolloutGuardConfig config,
      Instance<HttpServer> server,
      Instance<Vertx> vertx,
      WarmUpCredentials credentials) {
    // A controller-only process serves no webhook: nothing to warm, and readiness must not wait.
    this.reviews = config.role().admits() ? config.warmUp().reviews() : 0;
    this.server = server;
    this.vertx = vertx;
    this.credentials = credentials;
  }

  WarmUp(int reviews) {
    this.reviews = reviews;
    this.server = null;
    this.vertx = null;
    this.credentials = WarmUpCredentials.NONE;
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
    String base = scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    worker.submit(
        () -> {
          // A replica that cannot serve its own port stays not ready, and keeps trying.
          while (!Thread.currentThread().isInterrupted()) {
            try {
              run(base, host, port, https);
              if (https) {
                httpsDone = true;
              } else {
                httpDone = true;
              }
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
      return "::1";
    }
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * Vert.x's client, which the Kubernetes client loads anyway, rather than java.net.http, whose
   * ~380 classes only this would load (metaspace counts against the memory goal).
   */
  private void run(String base, String host, int port, boolean tls) {
    Buffer body = Buffer.buffer(review());
    HttpClient client = vertx.get().createHttpClient(options(tls, credentials), new PoolOptions());
    try {
      long start = System.nanoTime();
      long first = -1;
      for (int i = 0; i < reviews; i++) {
        String path = i % 2 == 0 ? "/validate" : "/mutate";
        RequestOptions request =
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setURI(path)
                .putHeader("Content-Type", "application/json");
        int status = send(client, request, body, i == 0);
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
    } finally {
      client.close();
    }
  }

  /** The first request may find the port not yet accepting; it waits for it, within bounds. */
  private static int send(HttpClient client, RequestOptions request, Buffer body, boolean mayWait) {
    long deadline = System.nanoTime() + PORT_WAIT.toNanos();
    while (true) {
      try {
        return client
            .request(request)
            // The authority as a URI writes it: an IPv6 literal in brackets.
            .compose(r -> r.authority(authority(request)).send(body))
            .compose(response -> response.body().map(ignored -> response.statusCode()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!mayWait || System.nanoTime() > deadline) {
          throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
        awaitPort(request.getHost(), request.getPort());
      } catch (TimeoutException e) {
        throw new IllegalStateException("no answer within " + ANSWER_WAIT.toSeconds() + " s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static HostAndPort authority(RequestOptions request) {
    String host = request.getHost();
    return HostAndPort.create(host.contains(":") ? "[" + host + "]" : host, request.getPort());
  }

  private static void awaitPort(String host, int port) {
    try (Socket ignored = new Socket(host, port)) {
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
   * without checks is safe here, and needed (it names the Service, not 127.0.0.1). Over TLS it
   * speaks HTTP/2, as the API server does, and presents the client certificate the port may
   * require.
   */
  private static HttpClientOptions options(boolean tls, WarmUpCredentials credentials) {
    HttpClientOptions options =
        new HttpClientOptions().setConnectTimeout((int) CONNECT_WAIT.toMillis());
    if (tls) {
      options
          .setSsl(true)
          .setTrustAll(true)
          .setVerifyHost(false)
          .setUseAlpn(true)
          .setProtocolVersion(HttpVersion.HTTP_2);
      if (credentials.certificatePem().isPresent() && credentials.keyPem().isPresent()) {
        options.setKeyCertOptions(
            new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(credentials.certificatePem().get()))
                .setKeyValue(Buffer.buffer(credentials.keyPem().get())));
      }
    }
    return options;
  }
}
