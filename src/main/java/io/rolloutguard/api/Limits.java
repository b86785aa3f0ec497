package io.rolloutguard.api;

/**
 * The maxLength of every string in the RolloutPolicy CRD (through {@code @Size}), so no policy or
 * status is larger than the API server has to store and the rules have to read. Sizes follow
 * Kubernetes' own: object names, label values, and metav1.Condition's reason and message.
 */
public final class Limits {

  /** A Deployment or ReplicaSet name: a DNS subdomain. */
  public static final int NAME = 253;

  /** A pod-template-hash or rollout-guard's template hash: fits a label value. */
  public static final int LABEL_VALUE = 63;

  /** Checked before the duration regex too, whose loop recurses once per part. */
  public static final int DURATION = KubeDuration.LENGTH_MAX;

  /** An RFC 3339 timestamp, with room for fractions and an offset. */
  public static final int TIMESTAMP = 64;

  /** A UID, a step counter ({@code 3/5}) or a ready count ({@code 2/4}). */
  public static final int SHORT = 128;

  /** A container waiting reason or a rollback's reason: a CamelCase word, as a condition's. */
  public static final int REASON = 1024;

  /** Free text the controller writes, as metav1.Condition's message; longer text is cut. */
  public static final int MESSAGE = 32768;

  /** Container waiting reasons that fail a pod: Kubernetes has a handful. */
  public static final int FAILING_REASONS = 32;

  /** Conditions in the status: the controller writes one type, Progressing. */
  public static final int CONDITIONS = 8;

  private Limits() {}

  /**
   * The text cut to {@code max} chars (never inside a surrogate pair), so that a long message from
   * a pod or another webhook can never make the status write fail its schema.
   */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
