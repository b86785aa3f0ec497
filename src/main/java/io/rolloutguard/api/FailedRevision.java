package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A revision that was rolled back. {@code templateHash} is rollout-guard's own hash of the pod
 * template, so admission can recognise the same template when it is applied again (RG005).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailedRevision {
  private String revision;
  private String templateHash;
  private String reason;
  private String time;

  public FailedRevision() {}

  public FailedRevision(String revision, String templateHash, String reason, String time) {
    this.revision = revision;
    this.templateHash = templateHash;
    this.reason = reason;
    this.time = time;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getTemplateHash() {
    return templateHash;
  }

  public void setTemplateHash(String templateHash) {
    this.templateHash = templateHash;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
