package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.function.Consumer;

/**
 * One entry of containers, initContainers or ephemeralContainers, with its field path. Ephemeral
 * containers have their own model class, so the fields rules need are lifted out here.
 */
public record ContainerRef(
    String path,
    String name,
    String image,
    String imagePullPolicy,
    Probe readinessProbe,
    Consumer<String> pullPolicySetter) {

  static ContainerRef of(String path, Container c) {
    return new ContainerRef(
        path,
        c.getName(),
        c.getImage(),
        c.getImagePullPolicy(),
        c.getReadinessProbe(),
        c::setImagePullPolicy);
  }

  static ContainerRef of(String path, EphemeralContainer c) {
    return new ContainerRef(
        path, c.getName(), c.getImage(), c.getImagePullPolicy(), null, c::setImagePullPolicy);
  }

  public void setImagePullPolicy(String policy) {
    pullPolicySetter.accept(policy);
  }
}
