package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Analysis {

  public static final List<String> DEFAULT_FAILING_REASONS =
      List.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "InvalidImageName");

  @Pattern(KubeDuration.PATTERN)
  @Size(max = Limits.DURATION)
  @JsonPropertyDescription("A new pod that is not Ready this long after creation has failed.")
  private String readinessTimeout = "2m";

  @Pattern(KubeDuration.PATTERN)
  @Size(max = Limits.DURATION)
  @JsonPropertyDescription("A pod that was Ready and is not Ready for longer than this has failed.")
  private String notReadyTolerance = "5s";

  @Min(0)
  @JsonPropertyDescription("A new pod whose containers restarted more often than this has failed.")
  private Integer maxRestarts = 1;

  @Size(max = Limits.FAILING_REASONS)
  @JsonPropertyDescription("Container waiting reasons that fail a new pod at once.")
  private List<@Size(max = Limits.REASON) String> failingReasons = DEFAULT_FAILING_REASONS;

  public String getReadinessTimeout() {
    return readinessTimeout;
  }

  public void setReadinessTimeout(String readinessTimeout) {
    this.readinessTimeout = readinessTimeout;
  }

  public String getNotReadyTolerance() {
    return notReadyTolerance;
  }

  public void setNotReadyTolerance(String notReadyTolerance) {
    this.notReadyTolerance = notReadyTolerance;
  }

  public Integer getMaxRestarts() {
    return maxRestarts;
  }

  public void setMaxRestarts(Integer maxRestarts) {
    this.maxRestarts = maxRestarts;
  }

  public List<String> getFailingReasons() {
    return failingReasons;
  }

  public void setFailingReasons(List<String> failingReasons) {
    this.failingReasons = failingReasons;
  }
}
