package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the kubelet in a namespace (there is none in the e2e cluster): every new pod starts and
 * turns Ready at once, as a kubelet would report after a passing probe. Tests turn readiness off to
 * play a failing probe. The ReplicaSet controller reads exactly these conditions.
 */
final class FakeKubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final SharedIndexInformer<Pod> informer;

  FakeKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.informer =
        client
            .pods()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    start(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    start(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                });
  }

  private void start(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || (pod.getStatus() != null && pod.getStatus().getStartTime() != null)) {
      return;
    }
    String now = now();
    try {
      client
          .pods()
          .inNamespace(namespace)
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.getStatus().setPhase("Running");
                p.getStatus().setStartTime(now);
                List<ContainerStatus> statuses = new ArrayList<>();
                p.getSpec()
                    .getContainers()
                    .forEach(
                        c ->
                            statuses.add(
                                new ContainerStatusBuilder()
                                    .withName(c.getName())
                                    .withImage(c.getImage())
                                    .withImageID("")
                                    .withReady(true)
                                    .withStarted(true)
                                    .withRestartCount(0)
                                    .withNewState()
                                    .withNewRunning()
                                    .withStartedAt(now)
                                    .endRunning()
                                    .endState()
                                    .build()));
                p.getStatus().setContainerStatuses(statuses);
                p.getStatus().setConditions(List.of(ready(true, now)));
                return p;
              });
    } catch (RuntimeException e) {
      // Gone or changed meanwhile: the next event brings the pod back here.
    }
  }

  /** Plays a readiness probe that starts failing (or passing again) now. */
  void setReady(String pod, boolean ready) {
    String now = now();
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .editStatus(
            p -> {
              p.getStatus().setConditions(List.of(ready(ready, now)));
              p.getStatus().getContainerStatuses().forEach(cs -> cs.setReady(ready));
              return p;
            });
  }

  private static PodCondition ready(boolean ready, String at) {
    return new PodConditionBuilder()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withLastTransitionTime(at)
        .build();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    informer.stop();
  }
}
