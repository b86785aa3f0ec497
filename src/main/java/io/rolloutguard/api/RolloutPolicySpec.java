package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutPolicySpec {

  @Required
  @JsonPropertyDescription("The guarded Deployment, in the policy's namespace.")
  private TargetRef targetRef;

  @Size(min = 1, max = 20)
  @JsonPropertyDescription(
      "Canary steps. Omit for no canary: the rollback guard still watches every rollout.")
  private List<CanaryStep> steps;

  @JsonPropertyDescription("When new pods count as failed.")
  private Analysis analysis = new Analysis();

  @JsonPropertyDescription("When to roll back by itself.")
  private Rollback rollback = new Rollback();

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public List<CanaryStep> getSteps() {
    return steps;
  }

  public void setSteps(List<CanaryStep> steps) {
    this.steps = steps;
  }

  public Analysis getAnalysis() {
    return analysis;
  }

  public void setAnalysis(Analysis analysis) {
    this.analysis = analysis;
  }

  public Rollback getRollback() {
    return rollback;
  }

  public void setRollback(Rollback rollback) {
    this.rollback = rollback;
  }
}
