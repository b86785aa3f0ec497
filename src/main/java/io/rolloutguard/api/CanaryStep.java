package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStep {

  @Required
  // The API server prices this rule by the string's maxLength; the generator cannot emit one on
  // an int-or-string, so manifests/base/crd.yaml adds maxLength: 4 (CrdManifestTest checks it).
  @ValidationRule(
      value = "type(self) == int ? self >= 1 : self.matches('^([1-9][0-9]?|100)%$')",
      message = "canary must be a pod count of at least 1, or a percentage from 1% to 100%")
  @JsonPropertyDescription("New pods at this step: a count (1) or a percentage of replicas (50%).")
  private IntOrString canary;

  @JsonPropertyDescription("How long to hold this step; {} waits for a manual promote.")
  private Pause pause;

  public CanaryStep() {}

  public CanaryStep(IntOrString canary, Pause pause) {
    this.canary = canary;
    this.pause = pause;
  }

  public IntOrString getCanary() {
    return canary;
  }

  public void setCanary(IntOrString canary) {
    this.canary = canary;
  }

  public Pause getPause() {
    return pause;
  }

  public void setPause(Pause pause) {
    this.pause = pause;
  }
}
