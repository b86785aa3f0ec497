package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Pause {

  @Pattern(KubeDuration.PATTERN)
  @Size(max = Limits.DURATION)
  @JsonPropertyDescription("For example 30s or 2m; absent means wait for a manual promote.")
  private String duration;

  public Pause() {}

  public Pause(String duration) {
    this.duration = duration;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }
}
