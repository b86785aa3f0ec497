package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rolloutguard.api.RolloutPolicy;
import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code get --watch}: informers on the policy and on the namespace's Deployments, ReplicaSets and
 * pods; every change renders the view again from their caches. On a terminal the screen is redrawn
 * (and every second, for the pause timer and ages); elsewhere each changed frame is printed after
 * the last, separated by a blank line. Runs until interrupted.
 */
final class Watcher {

  static final String CLEAR = "\u001b[H\u001b[2J";

  /** Events often come in bursts (a scale touches the ReplicaSet, its pods, the Deployment). */
  private static final long COALESCE_MILLIS = 100;

  private Watcher() {}

  static void run(
      KubeAccess k, String name, PrintStream out, boolean terminal, Style style, Clock clock)
      throws InterruptedException {
    Semaphore changed = new Semaphore(0);
    String ns = k.namespace();
    var client = k.client();
    SharedIndexInformer<RolloutPolicy> policies =
        client
            .resources(RolloutPolicy.class)
            .inNamespace(ns)
            .withName(name)
            .inform(signal(changed));
    SharedIndexInformer<Deployment> deployments =
        client.apps().deployments().inNamespace(ns).inform(signal(changed));
    SharedIndexInformer<ReplicaSet> replicaSets =
        client.apps().replicaSets().inNamespace(ns).inform(signal(changed));
    SharedIndexInformer<Pod> pods = client.pods().inNamespace(ns).inform(signal(changed));
    String last = null;
    while (true) {
      changed.drainPermits();
      List<String> lines;
      RolloutPolicy policy = policies.getStore().list().stream().findFirst().orElse(null);
      if (policy == null) {
        lines = List.of("rolloutpolicy \"" + name + "\" not found in namespace \"" + ns + "\"");
      } else {
        String target = RolloutView.target(policy);
        Deployment deployment =
            target == null ? null : deployments.getStore().getByKey(ns + "/" + target);
        lines =
            GetView.render(
                RolloutView.assemble(
                    policy, deployment, replicaSets.getStore().list(), pods.getStore().list()),
                clock.instant(),
                style);
      }
      String frame = String.join("\n", lines);
      if (terminal) {
        out.print(CLEAR + frame + "\n");
      } else if (!frame.equals(last)) {
        out.print(
            (last == null ? "" : "\n")
                + "--- "
                + clock.instant().truncatedTo(ChronoUnit.SECONDS)
                + "\n"
                + frame
                + "\n");
      }
      out.flush();
      last = frame;
      if (changed.tryAcquire(terminal ? 1 : 3600, TimeUnit.SECONDS)) {
        Thread.sleep(COALESCE_MILLIS);
      }
    }
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> signal(Semaphore changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        changed.release();
      }

      @Override
      public void onUpdate(T old, T object) {
        changed.release();
      }

      @Override
      public void onDelete(T object, boolean unknownFinalState) {
        changed.release();
      }
    };
  }
}
