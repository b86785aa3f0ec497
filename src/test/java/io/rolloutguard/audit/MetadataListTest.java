package io.rolloutguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports' metadata, asked for as metadata only and followed across pages. */
@EnableKubernetesMockClient
class MetadataListTest {

  KubernetesMockServer server;
  KubernetesClient client;

  private static final String PATH =
      "/apis/wgpolicyk8s.io/v1alpha2/policyreports"
          + "?labelSelector=app.kubernetes.io%2Fmanaged-by%3Drollout-guard&limit=500";

  private static String page(String continueToken, String... names) {
    StringBuilder items = new StringBuilder();
    for (String name : names) {
      items
          .append(items.isEmpty() ? "" : ",")
          .append("{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",")
          .append("\"metadata\":{\"name\":\"")
          .append(name)
          .append(
              "\",\"namespace\":\"shop\",\"annotations\":{\"rolloutguard.io/content-hash\":\"h-")
          .append(name)
          .append("\"}}}");
    }
    return "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\","
        + "\"metadata\":{\"continue\":\""
        + continueToken
        + "\"},\"items\":["
        + items
        + "]}";
  }

  @Test
  void followsTheContinueTokenAndAsksForMetadataOnly() throws InterruptedException {
    server.expect().get().withPath(PATH).andReturn(200, page("next-page", "a", "b")).once();
    server
        .expect()
        .get()
        .withPath(PATH + "&continue=next-page")
        .andReturn(200, page("", "c"))
        .once();

    List<ObjectMeta> items =
        MetadataList.of(
            client, PolicyReports.RESOURCE, PolicyReports.MANAGED_BY + "=" + AuditResult.POLICY);

    assertEquals(List.of("a", "b", "c"), items.stream().map(ObjectMeta::getName).toList());
    assertEquals("h-c", items.get(2).getAnnotations().get(PolicyReports.HASH_ANNOTATION));
    RecordedRequest first = server.takeRequest();
    assertTrue(
        first.getHeader("Accept").startsWith("application/json;as=PartialObjectMetadataList"),
        first.getHeader("Accept"));
  }

  @Test
  void aRefusedListIsAClientErrorWithItsCode() {
    server.expect().get().withPath(PATH).andReturn(403, "{\"kind\":\"Status\"}").once();

    KubernetesClientException e =
        assertThrows(
            KubernetesClientException.class,
            () ->
                MetadataList.of(
                    client,
                    PolicyReports.RESOURCE,
                    PolicyReports.MANAGED_BY + "=" + AuditResult.POLICY));
    assertEquals(403, e.getCode());
  }
}
