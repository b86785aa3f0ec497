package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/** A pod spec inside a workload, with the field path that leads to it. */
public record PodSpecRef(String path, PodSpec spec) {

  /** Every container the pod runs, init and ephemeral ones included, in field order. */
  public List<ContainerRef> allContainers() {
    List<ContainerRef> refs = new ArrayList<>();
    refs.addAll(regular("initContainers", spec.getInitContainers()));
    refs.addAll(appContainers());
    List<EphemeralContainer> ephemeral = spec.getEphemeralContainers();
    if (ephemeral != null) {
      for (int i = 0; i < ephemeral.size(); i++) {
        refs.add(ContainerRef.of(path + ".ephemeralContainers[" + i + "]", ephemeral.get(i)));
      }
    }
    return refs;
  }

  /** The app containers only: the ones whose readiness decides availability. */
  public List<ContainerRef> appContainers() {
    return regular("containers", spec.getContainers());
  }

  private List<ContainerRef> regular(String field, List<Container> containers) {
    List<ContainerRef> refs = new ArrayList<>();
    if (containers != null) {
      for (int i = 0; i < containers.size(); i++) {
        refs.add(ContainerRef.of(path + "." + field + "[" + i + "]", containers.get(i)));
      }
    }
    return refs;
  }
}
