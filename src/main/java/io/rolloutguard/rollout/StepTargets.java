package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;

/** A canary step's pod count, from a count or a percentage of the Deployment's replicas. */
public final class StepTargets {

  private StepTargets() {}

  /** At least 1 and at most {@code replicas}; percentages round up, as maxSurge does. */
  public static int resolve(IntOrString canary, int replicas) {
    int target;
    if (canary.getIntVal() != null) {
      target = canary.getIntVal();
    } else {
      String value = canary.getStrVal().trim();
      if (!value.endsWith("%")) {
        throw new IllegalArgumentException("canary \"" + value + "\" is neither a count nor a %");
      }
      int percent = Integer.parseInt(value.substring(0, value.length() - 1));
      target = (int) Math.ceil(replicas * percent / 100.0);
    }
    return Math.max(1, Math.min(target, Math.max(replicas, 1)));
  }
}
