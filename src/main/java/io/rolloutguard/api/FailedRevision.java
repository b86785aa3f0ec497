package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;

/**
 * A revision that was rolled back. {@code templateHash} is rollout-guard's own hash of the pod
 * template, so admission can recognise the same template when it is applied again (RG005).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailedRevision {
  @Size(max = Limits.NAME)
  private String revision;

  @Size(max = Limits.LABEL_VALUE)
  private String templateHash;

  /** The failure's message. */
  @Size(max = Limits.MESSAGE)
  private String reason;

  @Size(max = Limits.TIMESTAMP)
  private String time;

  public FailedRevision() {}

  public FailedRevision(String revision, String templateHash, String reason, String time) {
    this.revision = revision;
    this.templateHash = templateHash;
    this.reason = Limits.cut(reason, Limits.MESSAGE);
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
    this.reason = Limits.cut(reason, Limits.MESSAGE);
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
