package io.rolloutguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.rolloutguard.policy.Change;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.Finding;
import io.rolloutguard.policy.InvalidObjectException;
import io.rolloutguard.policy.Origin;
import io.rolloutguard.policy.Outcome;
import io.rolloutguard.policy.PatchComputer;
import io.rolloutguard.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Translates AdmissionReviews into policy calls and the results back into responses. */
public class AdmissionService {

  private static final Logger LOG = Logger.getLogger(AdmissionService.class);

  private final PolicyEngine engine;
  private final ClusterFacts cluster;
  private final AdmissionMetrics metrics;
  private final ReviewReader reader;
  private final PatchComputer patches;

  public AdmissionService(
      PolicyEngine engine, ClusterFacts cluster, AdmissionMetrics metrics, ObjectMapper mapper) {
    this.engine = engine;
    this.cluster = cluster;
    this.metrics = metrics;
    this.reader = new ReviewReader(mapper);
    this.patches = new PatchComputer(mapper);
  }

  public ReviewRequest read(byte[] body) {
    return reader.read(body);
  }

  public AdmissionResponse mutate(ReviewRequest request) {
    Optional<HasMetadata> object = subject(request);
    if (object.isEmpty()) {
      return allowed(request).build();
    }
    PatchComputer.Result<Change> result =
        patches.mutate(object.get(), copy -> engine.mutate(copy, request.namespace(), cluster));
    if (!WarmUp.isWarmUp(request)) {
      result.changes().forEach(c -> metrics.mutation(c.rule()));
    }
    AdmissionResponseBuilder response = allowed(request);
    if (result.changed()) {
      response
          .withPatchType("JSONPatch")
          .withPatch(
              Base64.getEncoder()
                  .encodeToString(result.patch().toString().getBytes(StandardCharsets.UTF_8)));
      response.withWarnings(result.changes().stream().map(Change::describe).toList());
    }
    return response.build();
  }

  public AdmissionResponse validate(ReviewRequest request) {
    Optional<HasMetadata> object = subject(request);
    if (object.isEmpty()) {
      return allowed(request).build();
    }
    HasMetadata old =
        "UPDATE".equals(request.operation()) && request.oldObject() != null
            ? typed(request, request.oldObject(), "oldObject")
            : null;
    Origin origin = engine.config().trust().originOf(request.username());
    List<Finding> findings =
        engine.validate(object.get(), old, request.namespace(), origin, cluster);
    boolean quiet = WarmUp.isWarmUp(request); // its own reviews stay out of metrics and logs
    if (!quiet) {
      findings.forEach(metrics::finding);
    }
    List<Finding> denials = only(findings, Outcome.DENY);
    AdmissionResponseBuilder response = allowed(request).withAllowed(denials.isEmpty());
    List<String> warnings = describe(only(findings, Outcome.WARN));
    if (!warnings.isEmpty()) {
      response.withWarnings(warnings);
    }
    List<Finding> audited = only(findings, Outcome.AUDIT);
    Map<String, String> audit = auditAnnotations(audited);
    if (!audit.isEmpty()) {
      response.withAuditAnnotations(audit);
      // Audit mode promises a log line per finding, not only a counter.
      for (String line : quiet ? List.<String>of() : describe(audited)) {
        LOG.infof(
            "admission audit uid=%s operation=%s kind=%s namespace=%s name=%s: %s",
            request.uid(),
            request.operation(),
            request.gvk(),
            request.namespace(),
            name(request, object.get()),
            line);
      }
    }
    if (!denials.isEmpty()) {
      String message = denialMessage(request, denials);
      response.withStatus(
          new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(message).build());
    }
    if (!denials.isEmpty() && !quiet) {
      LOG.infof(
          "admission denied uid=%s operation=%s kind=%s namespace=%s name=%s dryRun=%s rules=%s",
          request.uid(),
          request.operation(),
          request.gvk(),
          request.namespace(),
          name(request, object.get()),
          request.dryRun(),
          denials.stream()
              .map(f -> f.violation().rule().name())
              .distinct()
              .collect(Collectors.joining(",")));
    }
    return response.build();
  }

  /** The typed object for covered kinds on CREATE and UPDATE of the main resource. */
  private Optional<HasMetadata> subject(ReviewRequest request) {
    boolean writes = "CREATE".equals(request.operation()) || "UPDATE".equals(request.operation());
    // kubectl debug adds ephemeral containers through a subresource; its object is the Pod.
    boolean checked =
        request.subResource() == null
            || request.subResource().isEmpty()
            || "ephemeralcontainers".equals(request.subResource());
    if (!writes || !checked || Coverage.typeOf(request.gvk()).isEmpty()) {
      return Optional.empty();
    }
    if (request.object() == null) {
      throw new BadReviewException(400, "request.object is missing for " + request.operation());
    }
    if (request.namespace() == null || request.namespace().isEmpty()) {
      throw new BadReviewException(400, "request.namespace is missing for a namespaced kind");
    }
    return Optional.of(typed(request, request.object(), "object"));
  }

  private HasMetadata typed(ReviewRequest request, JsonNode node, String field) {
    HasMetadata object;
    try {
      object =
          patches.typed(node, Coverage.typeOf(request.gvk()).orElseThrow(), "request." + field);
    } catch (InvalidObjectException e) {
      throw new BadReviewException(400, e.getMessage());
    }
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    // The request's namespace, which the API server sets, not the one the object claims: rules
    // that read the cluster (RG002's overlap) look in the namespace the write lands in.
    object.getMetadata().setNamespace(request.namespace());
    return object;
  }

  private static AdmissionResponseBuilder allowed(ReviewRequest request) {
    return new AdmissionResponseBuilder().withUid(request.uid()).withAllowed(true);
  }

  private static List<Finding> only(List<Finding> findings, Outcome outcome) {
    return findings.stream().filter(f -> f.outcome() == outcome).toList();
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.violation().describe() + (f.grandfathered() ? " (already present)" : ""))
        .toList();
  }

  private static Map<String, String> auditAnnotations(List<Finding> findings) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Finding f : findings) {
      String key = f.violation().rule().name().toLowerCase() + "-" + f.violation().rule().slug();
      annotations.merge(
          key, f.violation().field() + ": " + f.violation().message(), (a, b) -> a + "; " + b);
    }
    return annotations;
  }

  private static String denialMessage(ReviewRequest request, List<Finding> denials) {
    return "rollout-guard denied "
        + request.kind()
        + " \""
        + request.namespace()
        + "/"
        + (request.name() == null ? "" : request.name())
        + "\": "
        + denials.stream().map(f -> f.violation().describe()).collect(Collectors.joining("; "));
  }

  private static String name(ReviewRequest request, HasMetadata object) {
    return request.name() != null ? request.name() : object.getMetadata().getName();
  }
}
