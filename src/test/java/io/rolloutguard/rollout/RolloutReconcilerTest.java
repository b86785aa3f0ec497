package io.rolloutguard.rollout;

import static io.rolloutguard.rollout.Snapshots.T0;
import static io.rolloutguard.rollout.Snapshots.rev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.TemplateHash;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler tier: the executor that turns a plan into API calls, against the fabric8 mock API
 * server (CRUD, with injected failures), one step between the pure planner and the E2E tests.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutReconcilerTest {

  private static final Instant T1 = T0.plusSeconds(60);
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments/kubia";

  KubernetesMockServer server;
  KubernetesClient client;

  private SimpleMeterRegistry registry;
  private MockApi api;

  @BeforeEach
  void kubiaPausedAtStep1() {
    registry = new SimpleMeterRegistry();
    api = new MockApi(client, new RolloutExecutor(new RolloutMetrics(registry), Clock.systemUTC()));
    RolloutPolicy policy = Snapshots.kubiaPolicy();
    client.resource(policy).create();
    RolloutPolicy stored = api.policy();
    RolloutPolicyStatus s = new RolloutPolicyStatus();
    s.setStableRevision(rev("v1"));
    s.setCanaryRevision(rev("v2"));
    s.setCurrentStep(0);
    s.setPhase(Phase.Paused);
    s.setPauseStartedAt(T1.minusSeconds(10).toString());
    stored.setStatus(s);
    client.resource(stored).updateStatus();
    String uid =
        client.resource(Snapshots.deployment("v2", true, false, 2)).create().getMetadata().getUid();
    for (var rs :
        java.util.List.of(
            Snapshots.replicaSet("v1", 3, 3, T0.minusSeconds(3600)),
            Snapshots.replicaSet("v2", 1, 1, T0))) {
      rs.getMetadata().getOwnerReferences().get(0).setUid(uid); // the mock server assigns UIDs
      client.resource(rs).create();
    }
    client.resource(Snapshots.running("v2", "kubia-v2-a", T0, true, T0.plusSeconds(5))).create();
  }

  private void annotate(String annotation) {
    RolloutPolicy p = api.policy();
    p.getMetadata().setAnnotations(Map.of(annotation, "true"));
    client.resource(p).update();
  }

  private void setImage(String tag) {
    Deployment d = api.deployment();
    d.getSpec().setTemplate(Snapshots.template(tag));
    client.resource(d).update();
  }

  private double counter(String name) {
    var c = registry.find(name).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aConflictOnTheDeploymentIsRetried() {
    server
        .expect()
        .patch()
        .withPath(DEPLOYMENTS)
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").build())
        .once();
    annotate(RolloutPolicy.PROMOTE_ANNOTATION);

    api.reconcile(T1);

    assertFalse(api.deployment().getSpec().getPaused(), "resumed despite the 409");
    assertEquals(1, api.policy().getStatus().getCurrentStep());
  }

  @Test
  void aPromoteThatActsIsConsumed() {
    annotate(RolloutPolicy.PROMOTE_ANNOTATION);

    api.reconcile(T1);

    assertNull(api.policy().getMetadata().getAnnotations().get(RolloutPolicy.PROMOTE_ANNOTATION));
    assertFalse(api.deployment().getSpec().getPaused());
  }

  @Test
  void anAbortWithNothingToAbortIsConsumedWithAMessageNotSilently() {
    setImage("v1"); // set back to stable by hand
    annotate(RolloutPolicy.ABORT_ANNOTATION);

    api.reconcile(T1);

    assertNull(api.policy().getMetadata().getAnnotations().get(RolloutPolicy.ABORT_ANNOTATION));
    assertTrue(
        api.policy().getStatus().getMessage().contains("abort annotation ignored"),
        api.policy().getStatus().getMessage());
    assertTrue(
        client.v1().events().inNamespace("default").list().getItems().stream()
            .anyMatch(e -> Reasons.ANNOTATION_IGNORED.equals(e.getReason())));
  }

  @Test
  void aFailingReconcileShowsDegradedWithOneEventPerCause() {
    RolloutPolicy policy = api.policy();
    RolloutExecutor executor = new RolloutExecutor(new RolloutMetrics(registry), Clock.systemUTC());
    var e = new IllegalStateException("admission webhook \"x\" denied the request");

    RolloutPolicy first = executor.errorStatus(policy, client, e).getResource().orElseThrow();
    policy.setStatus(first.getStatus());
    RolloutPolicy second = executor.errorStatus(policy, client, e).getResource().orElseThrow();

    assertEquals(Phase.Degraded, second.getStatus().getPhase());
    assertEquals(Phase.Paused, second.getStatus().getInterruptedPhase());
    assertTrue(second.getStatus().getMessage().startsWith(Reasons.RECONCILE_FAILED));
    assertEquals(
        1,
        client.v1().events().inNamespace("default").list().getItems().stream()
            .filter(ev -> Reasons.RECONCILE_FAILED.equals(ev.getReason()))
            .count());
  }

  @Test
  void aCrashBetweenTheRollbackPatchAndTheStatusWriteStillFinishesTheRollbackOnce() {
    client.resource(Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff")).update();

    UpdateControl<RolloutPolicy> intent = api.reconcile(T1);
    assertEquals(Phase.RollingBack, api.policy().getStatus().getPhase());
    assertTrue(MockApi.rescheduled(intent));
    assertEquals(
        TemplateHash.of(Snapshots.template("v2")),
        api.policy().getStatus().getFailedRevisions().get(0).getTemplateHash(),
        "RG005 is armed before the Deployment is touched");

    api.reconcile(T1, true); // patched; the status write is lost
    assertEquals(
        "luksa/kubia:v1",
        api.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertEquals(Phase.RollingBack, api.policy().getStatus().getPhase());
    String patched = api.deployment().getMetadata().getResourceVersion();

    api.reconcile(T1.plusSeconds(1));

    RolloutPolicyStatus status = api.policy().getStatus();
    assertEquals(Phase.RolledBack, status.getPhase());
    assertEquals(rev("v2"), status.getLastRollback().getFrom());
    assertNull(status.getPendingRollback());
    assertEquals(patched, api.deployment().getMetadata().getResourceVersion(), "patched once");
  }

  @Test
  void aRollbackSkippedBecauseTheTemplateChangedIsCountedAsSkipped() {
    client.resource(Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff")).update();
    api.reconcile(T1);
    setImage("v3");

    api.reconcile(T1);

    assertEquals(0, counter("rolloutguard.rollbacks"));
    assertEquals(1, counter("rolloutguard.rollbacks.skipped"));
    assertNull(api.policy().getStatus().getLastRollback());
    assertEquals(
        "luksa/kubia:v3",
        api.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
  }

  @Test
  void aNewTemplateDuringThePauseScalesTheAbandonedCanaryDownThenResumes() {
    setImage("v3");

    api.reconcile(T1);

    assertEquals(0, api.replicaSet("kubia-" + rev("v2")).getSpec().getReplicas());
    assertEquals(3, api.replicaSet("kubia-" + rev("v1")).getSpec().getReplicas());
    assertFalse(api.deployment().getSpec().getPaused());
    assertEquals(Phase.Progressing, api.policy().getStatus().getPhase());
  }

  @Test
  void aScaleUpDuringThePauseShrinksTheCanaryToItsStep() {
    Deployment d = api.deployment();
    d.getSpec().setReplicas(6);
    client.resource(d).update();
    var v2 = api.replicaSet("kubia-" + rev("v2"));
    v2.getSpec().setReplicas(2);
    client.resource(v2).update();

    api.reconcile(T1);

    assertEquals(1, api.replicaSet("kubia-" + rev("v2")).getSpec().getReplicas());
    assertTrue(api.deployment().getSpec().getPaused());
  }

  @Test
  void aRepeatedEventIsOneEventWithACount() {
    EventRecorder recorder = new EventRecorder(client);
    RolloutEvent paused = RolloutEvent.normal(Reasons.CANARY_PAUSED, "paused at step 1 of 2");

    recorder.record(api.deployment(), paused, T1);
    recorder.record(api.deployment(), paused, T1.plusSeconds(30));
    recorder.record(api.deployment(), RolloutEvent.normal(Reasons.PROMOTED, "promoted"), T1);

    var events = client.v1().events().inNamespace("default").list().getItems();
    assertEquals(2, events.size(), events.toString());
    var repeated =
        events.stream().filter(e -> Reasons.CANARY_PAUSED.equals(e.getReason())).findFirst().get();
    assertEquals(2, repeated.getCount());
    assertEquals(T1.toString(), repeated.getFirstTimestamp());
    assertEquals(T1.plusSeconds(30).toString(), repeated.getLastTimestamp());
  }

  @Test
  void theSameStateWritesNoStatus() {
    api.reconcile(T1);

    UpdateControl<RolloutPolicy> again = api.reconcile(T1.plusSeconds(1));

    assertTrue(again.isNoUpdate());
  }
}
