package io.rolloutguard.audit;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Why one namespace's reports were not written: the API server refused them (too large, invalid, a
 * webhook, a namespace being deleted, a 500) or a report of that name belongs to another tool.
 *
 * @param reason a metric label from a fixed set, so a failure cannot add series of its own making
 * @param message for the log: escaped and bounded, as the API server may echo what tenants wrote
 */
record WriteFailure(String reason, String message) {

  static final String NOT_OURS = "not-ours";

  static WriteFailure of(KubernetesClientException e) {
    return new WriteFailure(
        reason(e.getCode()), ResultText.bounded(String.valueOf(e.getMessage())));
  }

  static WriteFailure notOurs(String namespace, String name) {
    return new WriteFailure(
        NOT_OURS,
        "a PolicyReport named "
            + name
            + " exists in "
            + namespace
            + " without the label "
            + PolicyReports.MANAGED_BY
            + "="
            + AuditResult.POLICY
            + ": another tool wrote it, so it is left alone");
  }

  private static String reason(int code) {
    return switch (code) {
      case 400, 422 -> "invalid";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 409 -> "conflict";
      case 413 -> "too-large";
      case 429 -> "throttled";
      case 0 -> "no-answer";
      default -> code >= 500 && code < 600 ? "server-error" : "other";
    };
  }
}
