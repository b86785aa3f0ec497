package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;

/** The last rollback: from which revision to which, why and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackRecord {
  @Size(max = Limits.NAME)
  private String from;

  @Size(max = Limits.NAME)
  private String to;

  @Size(max = Limits.REASON)
  private String reason;

  @Size(max = Limits.MESSAGE)
  private String message;

  @Size(max = Limits.TIMESTAMP)
  private String time;

  @Size(max = Limits.LABEL_VALUE)
  private String templateHash;

  @Size(max = Limits.TIMESTAMP)
  private String failedAt;

  public RollbackRecord() {}

  public RollbackRecord(String from, String to, String reason, String message, String time) {
    this.from = from;
    this.to = to;
    this.reason = Limits.cut(reason, Limits.REASON);
    this.message = Limits.cut(message, Limits.MESSAGE);
    this.time = time;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = Limits.cut(reason, Limits.REASON);
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = Limits.cut(message, Limits.MESSAGE);
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  /** rollout-guard's template hash of the failed template: the one the rollback replaces. */
  public String getTemplateHash() {
    return templateHash;
  }

  public void setTemplateHash(String templateHash) {
    this.templateHash = templateHash;
  }

  /** When the failure became observable, for the reaction-time metric. */
  public String getFailedAt() {
    return failedAt;
  }

  public void setFailedAt(String failedAt) {
    this.failedAt = failedAt;
  }
}
