package io.rolloutguard.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.rolloutguard.policy.JsonReadLimits;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A list of metadata only (the API server's PartialObjectMetadataList, which fabric8 does not
 * model), in pages. For objects whose content is large and not needed: with 1,000 Deployments in a
 * namespace, its PolicyReports hold 3 MB, which as parsed maps took more than the heap the
 * manifests give.
 */
final class MetadataList {

  static final String ACCEPT =
      "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json";
  private static final int PAGE = 500;
  private static final long TIMEOUT_SECONDS = 30;

  private MetadataList() {}

  static List<ObjectMeta> of(
      KubernetesClient client, ResourceDefinitionContext resource, String labelSelector) {
    ObjectMapper mapper = JsonReadLimits.apply(new ObjectMapper());
    List<ObjectMeta> items = new ArrayList<>();
    String next = "";
    do {
      String uri = path(client, resource, labelSelector, next);
      try {
        JsonNode page = mapper.readTree(get(client, uri));
        for (JsonNode item : page.path("items")) {
          items.add(mapper.treeToValue(item.path("metadata"), ObjectMeta.class));
        }
        next = page.path("metadata").path("continue").asText("");
      } catch (IOException e) {
        throw new KubernetesClientException("listing " + uri + ": unreadable answer", e);
      }
    } while (!next.isEmpty());
    return items;
  }

  static String path(
      KubernetesClient client,
      ResourceDefinitionContext resource,
      String labelSelector,
      String next) {
    String base = client.getMasterUrl().toString().replaceAll("/+$", "");
    String group =
        resource.getGroup() == null || resource.getGroup().isEmpty()
            ? "/api/" + resource.getVersion()
            : "/apis/" + resource.getGroup() + "/" + resource.getVersion();
    return base
        + group
        + "/"
        + resource.getPlural()
        + "?labelSelector="
        + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8)
        + "&limit="
        + PAGE
        + (next.isEmpty() ? "" : "&continue=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
  }

  private static String get(KubernetesClient client, String uri) {
    var http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(uri).header("Accept", ACCEPT).build();
    var answer = http.sendAsync(request, String.class);
    try {
      HttpResponse<String> response = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (response.code() != 200) {
        throw new KubernetesClientException(
            "listing " + uri + " answered " + response.code(), response.code(), null);
      }
      return response.body();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException known) {
        throw known;
      }
      throw new KubernetesClientException("listing " + uri + " failed", e.getCause());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new KubernetesClientException("listing " + uri + " timed out", e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted listing " + uri, e);
    }
  }
}
