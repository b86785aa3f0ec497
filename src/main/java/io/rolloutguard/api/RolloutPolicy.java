package io.rolloutguard.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Guards one Deployment: canary steps, analysis of new pods and automatic rollback. */
@Group(RolloutPolicy.GROUP)
@Version(RolloutPolicy.VERSION)
@ShortNames("rp")
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.targetRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Step",
    jsonPath = ".status.stepProgress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Canary",
    jsonPath = ".status.canary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Stable",
    jsonPath = ".status.stableRevision",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RolloutPolicy extends CustomResource<RolloutPolicySpec, RolloutPolicyStatus>
    implements Namespaced {

  public static final String GROUP = "rolloutguard.io";
  public static final String VERSION = "v1alpha1";

  /** On the RolloutPolicy: promote the current pause now. The controller removes it. */
  public static final String PROMOTE_ANNOTATION = GROUP + "/promote";

  /** On the RolloutPolicy: roll the current rollout back now. The controller removes it. */
  public static final String ABORT_ANNOTATION = GROUP + "/abort";

  /**
   * Of several policies on one Deployment the oldest wins (then the name decides): admission
   * (RG004, RG005) and the controller agree on it.
   */
  public static final java.util.Comparator<RolloutPolicy> OLDEST_FIRST =
      java.util.Comparator.comparing(
              (RolloutPolicy p) ->
                  java.util.Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(p -> p.getMetadata().getName());

  /** The guarded Deployment's name, or "" when the policy names none. */
  public String targetName() {
    return getSpec() == null || getSpec().getTargetRef() == null
        ? ""
        : java.util.Objects.requireNonNullElse(getSpec().getTargetRef().getName(), "");
  }

  @Override
  protected RolloutPolicyStatus initStatus() {
    return new RolloutPolicyStatus();
  }
}
