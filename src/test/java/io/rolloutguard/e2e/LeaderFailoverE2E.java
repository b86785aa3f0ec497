package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two controller replicas of the packaged jar: the first leads and pauses a canary; it is stopped
 * mid-canary (SIGTERM), hands the lease over, and the second resumes from the status alone,
 * promotes, and rolls back a failing revision exactly once. Admission is served by the webhook-only
 * app Quarkus launches for this class, which also stops any earlier test's app.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EWebhookOnlyApp.class, restrictToAnnotatedClass = true)
class LeaderFailoverE2E {

  static final String NS = "failover";
  static final String LEASE = "rollout-guard-controller";
  static final List<Process> replicas = new ArrayList<>();
  static KubernetesClient k;
  static Kubia kubia;

  @AfterAll
  static void stopReplicas() {
    replicas.forEach(Process::destroy);
    if (k != null) {
      Webhooks.unregister(k);
    }
  }

  static Process replica(String name, Path kubeconfig) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-Dkubeconfig=" + kubeconfig,
                "-Drolloutguard.controller.enabled=true",
                "-Drolloutguard.namespace=" + RealCluster.APP_NAMESPACE,
                "-Dquarkus.http.port=0",
                "-Dquarkus.management.port=0",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.shutdown.delay=1s"));
    command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(RealCluster.DIR.resolve(name + ".log").toFile());
    builder.environment().put("HOSTNAME", name); // the lease identity
    Process p = builder.start();
    replicas.add(p);
    return p;
  }

  @Test
  void aNewLeaderResumesMidCanaryAndRollsBackOnce() throws Exception {
    RealCluster cluster = RealCluster.get();
    k = cluster.client();
    kubia = new Kubia(k, NS);
    cluster.ensureNamespace(NS);
    Path kubeconfig = cluster.serviceAccountKubeconfig();
    Webhooks.register(k, E2EApp.port, E2EApp.caPem()); // admission: the webhook-only app
    Webhooks.awaitActive(k, NS);

    Process a = replica("replica-a", kubeconfig);
    await("replica-a leads").until(() -> "replica-a".equals(holder()));
    replica("replica-b", kubeconfig);

    try (FakeKubelet kubelet = new FakeKubelet(k, NS)) {
      k.resource(policy()).create();
      // The webhook-only app has no cluster cache, so RG004 cannot see the policy; without a
      // safe strategy the controller would rightly refuse to gate (Degraded).
      k.resource(
              E2EWorkloads.canarySafe(E2EWorkloads.kubia(NS, "kubia", "luksa/kubia:v1", null, 3)))
          .create();
      await("v1 stable")
          .until(
              () ->
                  kubia.status() != null
                      && kubia.status().getStableRevision() != null
                      && kubia.available() == 3);

      kubia.setImage("v2");
      await("paused at step 1 by replica-a").until(() -> kubia.status().getPhase() == Phase.Paused);

      a.destroy(); // SIGTERM: graceful shutdown
      assertTrue(a.waitFor(60, TimeUnit.SECONDS), "replica-a did not stop");
      assertTrue(
          holder() == null || "replica-b".equals(holder()),
          "replica-a released its lease on shutdown, holder is " + holder());
      await("replica-b leads").until(() -> "replica-b".equals(holder()));

      kubia.promote();
      await("v2 succeeded under replica-b")
          .until(() -> kubia.status().getPhase() == Phase.Succeeded);

      kubia.setImage("v3");
      await("v3 canary Ready").until(() -> kubia.readyPod("luksa/kubia:v3") != null);
      String canary = kubia.readyPod("luksa/kubia:v3").getMetadata().getName();
      Instant readyAt = Instant.now();
      await("a later second").until(() -> Instant.now().isAfter(readyAt.plusSeconds(2)));
      kubelet.setReady(canary, false);

      await("rolled back").until(() -> kubia.status().getPhase() == Phase.RolledBack);
      assertEquals("luksa/kubia:v2", kubia.image());
      // A second rollback would show as a second event; give one more reconcile the chance.
      await("the rollback settled").until(() -> kubia.available() == 3);
      long rollbacks =
          k.v1().events().inNamespace(NS).list().getItems().stream()
              .filter(
                  e ->
                      "RolledBack".equals(e.getReason())
                          && "Deployment".equals(e.getInvolvedObject().getKind()))
              .mapToLong(e -> java.util.Objects.requireNonNullElse(e.getCount(), 1))
              .sum(); // a repeat of the same event raises its count
      assertEquals(1, rollbacks, "exactly one rollback");
    }
  }

  static RolloutPolicy policy() {
    RolloutPolicy p = E2EWorkloads.kubiaPolicy(NS, new CanaryStep(new IntOrString(1), new Pause()));
    p.getSpec().getAnalysis().setNotReadyTolerance("2s");
    return p;
  }

  private static String holder() {
    Lease lease = k.leases().inNamespace(RealCluster.APP_NAMESPACE).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static ConditionFactory await(String what) {
    return Kubia.await(what);
  }
}
