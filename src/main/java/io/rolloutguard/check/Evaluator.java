package io.rolloutguard.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.zjsonpatch.JsonPatch;
import io.rolloutguard.policy.Change;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.Finding;
import io.rolloutguard.policy.InvalidObjectException;
import io.rolloutguard.policy.PatchComputer;
import io.rolloutguard.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * Admission of one object on CREATE, on the webhook's own path: the mutating webhook's clone,
 * change and diff (PatchComputer), the patch applied as the API server applies it, then the
 * validating webhook's rules on the result. Without a cluster (ClusterFacts.NONE), RG002's overlap
 * check, RG004, RG005 and RG006 find nothing, as on a webhook that runs without one.
 */
final class Evaluator {

  private final PolicyEngine engine;
  private final PatchComputer patches;

  Evaluator(PolicyEngine engine, ObjectMapper mapper) {
    this.engine = engine;
    this.patches = new PatchComputer(mapper);
  }

  /**
   * @throws CheckException when the object does not fit its kind's schema (a wrong field type)
   */
  ObjectResult evaluate(ManifestObject object) {
    Class<? extends HasMetadata> type =
        Coverage.typeOf(object.apiVersion() + "/" + object.kind()).orElseThrow();
    String namespace = object.namespace();
    HasMetadata typed = typed(object.object(), type, namespace);
    PatchComputer.Result<Change> mutation =
        patches.mutate(typed, copy -> engine.mutate(copy, namespace, ClusterFacts.NONE));
    JsonNode mutated =
        mutation.changed() ? JsonPatch.apply(mutation.patch(), object.object()) : object.object();
    List<Finding> findings =
        engine.validate(typed(mutated, type, namespace), null, namespace, ClusterFacts.NONE);
    List<Issue> issues = new ArrayList<>();
    // Like the webhook, which warns about changes only when its patch is not empty.
    for (Change change : mutation.changed() ? mutation.changes() : List.<Change>of()) {
      issues.add(
          new Issue(
              change.rule(),
              change.field(),
              change.message(),
              Issue.Severity.MUTATE,
              object.lineOf(change.field())));
    }
    for (Finding finding : findings) {
      var v = finding.violation();
      issues.add(
          new Issue(
              v.rule(),
              v.field(),
              v.message(),
              Issue.Severity.valueOf(finding.outcome().name()),
              object.lineOf(v.field())));
    }
    return new ObjectResult(
        object, List.copyOf(issues), mutation.changed() ? mutation.patch() : null, mutated);
  }

  /** As the webhook types request.object, namespace defaulted the same way. */
  private HasMetadata typed(JsonNode node, Class<? extends HasMetadata> type, String namespace) {
    HasMetadata typed;
    try {
      typed = patches.typed(node, type, "object");
    } catch (InvalidObjectException e) {
      throw new CheckException(e.getMessage());
    }
    if (typed.getMetadata() == null) {
      typed.setMetadata(new ObjectMeta());
    }
    if (typed.getMetadata().getNamespace() == null) {
      typed.getMetadata().setNamespace(namespace);
    }
    return typed;
  }
}
