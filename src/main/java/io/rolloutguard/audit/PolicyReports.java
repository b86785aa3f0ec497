package io.rolloutguard.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wgpolicyk8s.io/v1alpha2 PolicyReport, as Kyverno and Policy Reporter read it, built as a
 * generic resource: no model classes to keep in step with the CRD or to register for native.
 */
public final class PolicyReports {

  public static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
  public static final String KIND = "PolicyReport";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String HASH_ANNOTATION = "rolloutguard.io/content-hash";

  /** Named in full, so the client needs no discovery request to find the resource. */
  public static final ResourceDefinitionContext RESOURCE =
      new ResourceDefinitionContext.Builder()
          .withGroup("wgpolicyk8s.io")
          .withVersion("v1alpha2")
          .withKind(KIND)
          .withPlural("policyreports")
          .withNamespaced(true)
          .build();

  private PolicyReports() {}

  /** Every result carries the time of this write; timestamps never make a report differ. */
  public static GenericKubernetesResource render(Report report, Instant now) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(API_VERSION);
    resource.setKind(KIND);
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(report.name())
            .withNamespace(report.namespace())
            .addToLabels(MANAGED_BY, AuditResult.POLICY)
            .addToAnnotations(HASH_ANNOTATION, report.hash())
            .build());
    Map<String, Object> summary = new LinkedHashMap<>();
    report.summary().forEach((kind, count) -> summary.put(kind.label(), count));
    summary.put("error", 0);
    resource.setAdditionalProperty("summary", summary);
    Map<String, Object> timestamp = Map.of("seconds", now.getEpochSecond(), "nanos", 0);
    List<Map<String, Object>> results = new ArrayList<>();
    for (AuditResult result : report.results()) {
      Map<String, Object> map = result.toMap();
      map.put("timestamp", timestamp);
      results.add(map);
    }
    resource.setAdditionalProperty("results", results);
    return resource;
  }
}
