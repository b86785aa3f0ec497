package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Int-or-percent arithmetic as Kubernetes does it for maxSurge, maxUnavailable and canaries. */
public final class Percentages {

  private Percentages() {}

  /**
   * A count, or a percentage of {@code total} rounded up or down (maxSurge up, maxUnavailable
   * down).
   */
  public static int resolve(IntOrString value, int total, boolean roundUp) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal() == null ? "" : value.getStrVal().trim();
    if (!s.endsWith("%")) {
      throw new IllegalArgumentException("\"" + s + "\" is neither a count nor a percentage");
    }
    double exact = total * Integer.parseInt(s.substring(0, s.length() - 1)) / 100.0;
    return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
  }

  /** A canary step's pods: at least 1 and at most the replicas; percentages round up. */
  public static int canaryPods(IntOrString canary, int replicas) {
    return Math.max(1, Math.min(resolve(canary, replicas, true), Math.max(replicas, 1)));
  }

  /** True for 0 and 0%, the only values that never take an old pod down. */
  public static boolean isZero(IntOrString value) {
    return value != null
        && (Integer.valueOf(0).equals(value.getIntVal()) || "0%".equals(value.getStrVal()));
  }
}
