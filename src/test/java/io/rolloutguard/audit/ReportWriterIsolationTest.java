package io.rolloutguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On fabric8's mock API server: a namespace whose report the API server refuses does not stop the
 * others, is counted by namespace and reason, and is written by the next audit.
 */
@EnableKubernetesMockClient
class ReportWriterIsolationTest {

  KubernetesMockServer server;
  KubernetesClient client;

  static final String LIST =
      "/apis/wgpolicyk8s.io/v1alpha2/policyreports"
          + "?labelSelector=app.kubernetes.io%2Fmanaged-by%3Drollout-guard&limit=500";
  static final String EMPTY_LIST =
      "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\","
          + "\"metadata\":{},\"items\":[]}";
  static final String INVALID =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":422,"
          + "\"reason\":\"Invalid\",\"message\":\"PolicyReport.wgpolicyk8s.io \\\"rollout-guard\\\""
          + " is invalid: results[0].message: Too long\"}";

  static String created(String namespace) {
    return "{\"apiVersion\":\"wgpolicyk8s.io/v1alpha2\",\"kind\":\"PolicyReport\","
        + "\"metadata\":{\"name\":\"rollout-guard\",\"namespace\":\""
        + namespace
        + "\",\"labels\":{\"app.kubernetes.io/managed-by\":\"rollout-guard\"}}}";
  }

  static String reports(String namespace) {
    return "/apis/wgpolicyk8s.io/v1alpha2/namespaces/" + namespace + "/policyreports";
  }

  @Test
  void aRefusedNamespaceDoesNotStopTheOthersAndIsRetried() throws Exception {
    server.expect().get().withPath(LIST).andReturn(200, EMPTY_LIST).once();
    server.expect().post().withPath(reports("a")).andReturn(422, INVALID).once();
    server.expect().post().withPath(reports("b")).andReturn(201, created("b")).once();
    ReportWriter writer = new ReportWriter(ReportStore.of(client), new WriteLimiter(1000));
    Map<String, List<Report>> desired =
        Map.of(
            "a", List.of(ReportWriterTest.report("a", "rollout-guard", ResultKind.FAIL)),
            "b", List.of(ReportWriterTest.report("b", "rollout-guard", ResultKind.FAIL)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditMetrics metrics = new AuditMetrics(registry);

    ReportWriter.Writes first = writer.sync(desired, null, ReportWriterTest.NOW);
    metrics.failures(first.failures(), null);

    assertEquals(1, first.applied(), "b is written in the same pass");
    assertEquals(Set.of("a"), first.failures().keySet());
    assertEquals("invalid", first.failures().get("a").reason());
    assertEquals(List.of("GET", "POST a", "POST b"), requests());
    assertEquals(1.0, failures(registry, "a", "invalid"));

    server.expect().post().withPath(reports("a")).andReturn(201, created("a")).once();

    ReportWriter.Writes second = writer.sync(desired, null, ReportWriterTest.NOW);
    metrics.failures(second.failures(), null);

    assertEquals(new ReportWriter.Writes(1, 0, 1), second, "a again, b unchanged");
    assertEquals(List.of("POST a"), requests());
    assertNull(
        registry.find(AuditMetrics.WRITE_FAILURES).tag("namespace", "a").counter(),
        "the series goes once the namespace's reports are written");
  }

  private List<String> requests() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    for (int i = server.getRequestCount() - seen; i > 0; i--) {
      RecordedRequest request = server.takeRequest();
      String path = request.getPath();
      requests.add(
          request.getMethod()
              + (path.contains("/namespaces/")
                  ? " " + path.split("/namespaces/")[1].split("/")[0]
                  : ""));
    }
    seen = server.getRequestCount();
    return requests;
  }

  private int seen;

  private static double failures(SimpleMeterRegistry registry, String namespace, String reason) {
    var counter =
        registry
            .find(AuditMetrics.WRITE_FAILURES)
            .tag("namespace", namespace)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
