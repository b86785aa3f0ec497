package io.rolloutguard.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an AdmissionReview request the webhook uses.
 *
 * @param object the raw object as sent, so a patch is computed against exactly what it applies to
 * @param username who sent the request ({@code request.userInfo.username}), as the API server
 *     authenticated it; null when absent
 */
public record ReviewRequest(
    String uid,
    String group,
    String version,
    String kind,
    String subResource,
    String operation,
    String namespace,
    String name,
    boolean dryRun,
    JsonNode object,
    JsonNode oldObject,
    String username) {

  /** For example {@code apps/v1/Deployment}, or {@code v1/Pod} for the core group. */
  public String gvk() {
    return (group == null || group.isEmpty() ? "" : group + "/") + version + "/" + kind;
  }
}
