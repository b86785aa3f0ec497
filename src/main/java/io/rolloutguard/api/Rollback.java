package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Rollback {

  @JsonPropertyDescription("Roll back when a new pod fails the analysis.")
  private Boolean onFailure = true;

  @JsonPropertyDescription("Roll back when the Deployment reports ProgressDeadlineExceeded.")
  private Boolean onProgressDeadline = true;

  public Boolean getOnFailure() {
    return onFailure;
  }

  public void setOnFailure(Boolean onFailure) {
    this.onFailure = onFailure;
  }

  public Boolean getOnProgressDeadline() {
    return onProgressDeadline;
  }

  public void setOnProgressDeadline(Boolean onProgressDeadline) {
    this.onProgressDeadline = onProgressDeadline;
  }
}
