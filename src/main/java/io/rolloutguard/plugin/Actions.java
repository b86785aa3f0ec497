package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.KnownBadRevisionRule;
import io.rolloutguard.policy.TemplateHash;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Objects;
import java.util.Set;

/**
 * promote, abort and retry: the controller's and admission's annotations, set for the user. Each
 * checks the phase first, so that a request the controller would only ignore is refused here with
 * the reason.
 */
final class Actions {

  /** Phases in which the controller acts on a promote: held at a step. */
  static final Set<Phase> PROMOTABLE = EnumSet.of(Phase.Paused, Phase.Degraded);

  /** Phases with a rollout in flight, which an abort rolls back. */
  static final Set<Phase> ABORTABLE =
      EnumSet.of(Phase.Progressing, Phase.Paused, Phase.Promoting, Phase.Degraded);

  private Actions() {}

  static String promote(KubeAccess k, String name) {
    RolloutPolicy policy = ClusterReader.policy(k, name);
    Phase phase = phase(policy);
    if (!PROMOTABLE.contains(phase)) {
      throw new PluginException(
          "nothing to promote: rolloutpolicy \""
              + name
              + "\" is "
              + describe(phase)
              + ", not paused at a step");
    }
    annotate(k, name, RolloutPolicy.PROMOTE_ANNOTATION);
    return "rolloutpolicy \""
        + name
        + "\" promote requested at step "
        + Objects.requireNonNullElse(policy.getStatus().getStepProgress(), "?")
        + " (the controller removes "
        + RolloutPolicy.PROMOTE_ANNOTATION
        + " when it acts)";
  }

  static String abort(KubeAccess k, String name) {
    RolloutPolicy policy = ClusterReader.policy(k, name);
    Phase phase = phase(policy);
    if (!ABORTABLE.contains(phase)) {
      throw new PluginException(
          "nothing to abort: rolloutpolicy \"" + name + "\" is " + describe(phase));
    }
    annotate(k, name, RolloutPolicy.ABORT_ANNOTATION);
    RolloutPolicyStatus s = policy.getStatus();
    return "rolloutpolicy \""
        + name
        + "\" abort requested: revision "
        + Objects.requireNonNullElse(s.getCanaryRevision(), "?")
        + " rolls back to "
        + Objects.requireNonNullElse(s.getStableRevision(), "the stable revision");
  }

  /**
   * Applies the rolled-back template again, with {@code rolloutguard.io/retry: "true"} newly added
   * so that RG005 lets it through once. An annotation left by an earlier retry is removed first:
   * only a newly added one counts.
   */
  static String retry(KubeAccess k, String name) {
    RolloutPolicy policy = ClusterReader.policy(k, name);
    Phase phase = phase(policy);
    RollbackRecord last = policy.getStatus() == null ? null : policy.getStatus().getLastRollback();
    if (phase != Phase.RolledBack || last == null || last.getFrom() == null) {
      throw new PluginException(
          "nothing to retry: rolloutpolicy \""
              + name
              + "\" is "
              + describe(phase)
              + "; retry applies the last rolled-back revision again, after a rollback");
    }
    String target = RolloutView.target(policy);
    var deployments = k.client().apps().deployments().inNamespace(k.namespace());
    Deployment deployment = deployments.withName(target).get();
    if (deployment == null) {
      throw new PluginException(
          "deployment \"" + target + "\" not found in namespace \"" + k.namespace() + "\"");
    }
    ReplicaSet failed =
        k
            .client()
            .apps()
            .replicaSets()
            .inNamespace(k.namespace())
            .withLabelSelector(deployment.getSpec().getSelector())
            .list()
            .getItems()
            .stream()
            .filter(rs -> last.getFrom().equals(RolloutView.hash(rs)))
            .filter(
                rs ->
                    rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> deployment.getMetadata().getUid().equals(r.getUid())))
            .findFirst()
            .orElseThrow(
                () ->
                    new PluginException(
                        "the ReplicaSet of revision "
                            + last.getFrom()
                            + " is gone (revisionHistoryLimit): apply its template again with the"
                            + " annotation "
                            + KnownBadRevisionRule.RETRY_ANNOTATION
                            + ": \"true\""));
    PodTemplateSpec template = TemplateHash.withoutHashLabel(failed.getSpec().getTemplate());
    var annotations = deployment.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(KnownBadRevisionRule.RETRY_ANNOTATION)) {
      deployments
          .withName(target)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\""
                  + KnownBadRevisionRule.RETRY_ANNOTATION
                  + "\":null}}}");
    }
    deployments
        .withName(target)
        .edit(
            d -> {
              var a =
                  new HashMap<>(
                      Objects.requireNonNullElseGet(
                          d.getMetadata().getAnnotations(), HashMap<String, String>::new));
              a.put(KnownBadRevisionRule.RETRY_ANNOTATION, "true");
              d.getMetadata().setAnnotations(a);
              d.getSpec().setTemplate(template);
              return d;
            });
    return "deployment \""
        + target
        + "\" set back to revision "
        + last.getFrom()
        + " with "
        + KnownBadRevisionRule.RETRY_ANNOTATION
        + ": \"true\"; rollout-guard canaries it from step 1";
  }

  private static void annotate(KubeAccess k, String name, String annotation) {
    k.client()
        .resources(RolloutPolicy.class)
        .inNamespace(k.namespace())
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + annotation + "\":\"true\"}}}");
  }

  private static Phase phase(RolloutPolicy policy) {
    return policy.getStatus() == null ? null : policy.getStatus().getPhase();
  }

  private static String describe(Phase phase) {
    return phase == null ? "without a status yet" : phase.name();
  }
}
