package io.rolloutguard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Closed-loop HTTPS load on one running app: {@code threads} clients post a review fixture over
 * keep-alive connections for a warm-up, then for a bounded measurement window, and print reviews/s
 * and latency percentiles. Loopback only; it stops by itself.
 *
 * <p>Usage: HttpsLoad URL FIXTURE THREADS WARMUP_S MEASURE_S
 */
public final class HttpsLoad {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    if (!List.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost())) {
      throw new IllegalArgumentException("loopback targets only, not " + uri.getHost());
    }
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    int threads = Integer.parseInt(args[2]);
    Duration warmup = Duration.ofSeconds(Long.parseLong(args[3]));
    Duration measure = Duration.ofSeconds(Math.min(Long.parseLong(args[4]), 120));

    SSLContext tls = SSLContext.getInstance("TLS");
    // The benchmark measures the server; the certificate is the throwaway one run-https.sh made.
    tls.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();

    run(client, request, threads, warmup, new ArrayList<>());
    List<long[]> samples = new ArrayList<>();
    long start = System.nanoTime();
    int errors = run(client, request, threads, measure, samples);
    double seconds = (System.nanoTime() - start) / 1e9;

    long[] all =
        samples.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
    System.out.printf(
        "HTTPS %s: %d threads, %.0f reviews/s over %.1f s (%d reviews, %d errors); latency p50 %.2f ms,"
            + " p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
        uri.getPath(),
        threads,
        all.length / seconds,
        seconds,
        all.length,
        errors,
        pct(all, 50),
        pct(all, 99),
        pct(all, 99.9),
        all[all.length - 1] / 1e6);
  }

  private static int run(
      HttpClient client, HttpRequest request, int threads, Duration duration, List<long[]> out)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    int[] errors = new int[threads];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] latencies = new long[2_000_000];
      out.add(latencies);
      int id = t;
      Thread worker =
          new Thread(
              () -> {
                int n = 0;
                while (!stop.get() && n < latencies.length) {
                  long begin = System.nanoTime();
                  try {
                    HttpResponse<byte[]> r =
                        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                      errors[id]++;
                    }
                  } catch (Exception e) {
                    errors[id]++;
                  }
                  latencies[n++] = System.nanoTime() - begin;
                }
              });
      workers.add(worker);
      worker.start();
    }
    Thread.sleep(duration.toMillis()); // the measurement window itself, not a wait for a condition
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    return Arrays.stream(errors).sum();
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
    return sorted[Math.max(i, 0)] / 1e6;
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
