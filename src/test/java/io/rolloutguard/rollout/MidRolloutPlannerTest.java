package io.rolloutguard.rollout;

import static io.rolloutguard.rollout.Snapshots.T0;
import static io.rolloutguard.rollout.Snapshots.deployment;
import static io.rolloutguard.rollout.Snapshots.kubiaPolicy;
import static io.rolloutguard.rollout.Snapshots.replicaSet;
import static io.rolloutguard.rollout.Snapshots.rev;
import static io.rolloutguard.rollout.Snapshots.running;
import static io.rolloutguard.rollout.Snapshots.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.rolloutguard.api.FailedRevision;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.TemplateHash;
import io.rolloutguard.rollout.Decision.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What users do in the middle of a rollout (issue 8), one test per item, on the pure planner. Each
 * starts from kubia with 3 replicas, stable v1, and v2 held at step 1 (one canary pod).
 */
class MidRolloutPlannerTest {

  private static final Instant T1 = T0.plusSeconds(60);

  /** Ten seconds before T1: the step's 30 s pause is not over at T1. */
  private static final Instant PAUSED_AT = T1.minusSeconds(10);

  /** Stable v1, canary v2 paused at step 1 since {@link #PAUSED_AT}. */
  private static RolloutPolicy pausedAtStep1() {
    RolloutPolicy p = kubiaPolicy();
    RolloutPolicyStatus s = p.getStatus();
    s.setStableRevision(rev("v1"));
    s.setStableTemplateHash(TemplateHash.of(Snapshots.template("v1")));
    s.setCanaryRevision(rev("v2"));
    s.setCurrentStep(0);
    s.setPhase(Phase.Paused);
    s.setPauseStartedAt(PAUSED_AT.toString());
    s.setTargetUid("dep-uid");
    return p;
  }

  private static Decision plan(RolloutPolicy p, Deployment d, List<ReplicaSet> rs, List<Pod> pods) {
    return RolloutPlanner.plan(snapshot(p, d, rs, pods, T1));
  }

  private static Decision replan(
      Decision last, Deployment d, List<ReplicaSet> rs, List<Pod> pods, Instant now) {
    RolloutPolicy p = kubiaPolicy();
    p.setStatus(last.status());
    return RolloutPlanner.plan(snapshot(p, d, rs, pods, now));
  }

  private static List<ReplicaSet> v1AndV2(int v2, int v2Available) {
    return List.of(
        replicaSet("v1", 3, 3, T0.minusSeconds(3600)), replicaSet("v2", v2, v2Available, T0));
  }

  private static Pod readyV2() {
    return running("v2", "kubia-v2-a", T0, true, T0.plusSeconds(5));
  }

  private static RolloutPolicy annotated(RolloutPolicy p, String annotation) {
    p.getMetadata().setAnnotations(Map.of(annotation, "true"));
    return p;
  }

  // 1. A new template during a canary.

  @Test
  void newTemplateDuringACanarySupersedesItAndIsCanariedFromStep1() {
    Deployment v3 = deployment("v3", true, false, 3);

    Decision d = plan(pausedAtStep1(), v3, v1AndV2(1, 1), List.of(readyV2()));

    assertEquals(Action.RESUME, d.action(), "a paused Deployment gets no new ReplicaSet");
    assertEquals(
        List.of(new Decision.Scale("kubia-" + rev("v2"), 0)),
        d.scales(),
        "the abandoned canary does not keep serving: v1 alone has 3 of 3 available");
    assertEquals(Phase.Progressing, d.status().getPhase());
    assertNull(d.status().getCanaryRevision());
    assertTrue(d.status().getMessage().contains("superseded the canary of revision hv2"));

    List<ReplicaSet> withV3 =
        List.of(
            replicaSet("v1", 3, 3, T0.minusSeconds(3600)),
            replicaSet("v2", 0, 0, T0),
            replicaSet("v3", 1, 0, T1));
    Decision next = replan(d, deployment("v3", false, false, 4), withV3, List.of(), T1);

    assertEquals(rev("v3"), next.status().getCanaryRevision(), "status names the new revision");
    assertEquals(0, next.status().getCurrentStep());
    assertEquals(Phase.Paused, next.status().getPhase());
    assertEquals(Action.PAUSE, next.action());
  }

  @Test
  void supersedingKeepsOnlyTheAbandonedPodsThatAvailabilityNeeds() {
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setCurrentStep(1);
    List<ReplicaSet> laterStep =
        List.of(replicaSet("v1", 2, 2, T0.minusSeconds(3600)), replicaSet("v2", 2, 2, T0));

    Decision d = plan(p, deployment("v3", true, false, 3), laterStep, List.of());

    assertEquals(List.of(new Decision.Scale("kubia-" + rev("v2"), 1)), d.scales());
    assertTrue(d.status().getMessage().contains("1 of its pods serve"), d.status().getMessage());
  }

  @Test
  void aPromoteThatCannotActIsAnsweredInStatusNotSwallowed() {
    RolloutPolicy p = annotated(pausedAtStep1(), RolloutPolicy.PROMOTE_ANNOTATION);

    Decision d = plan(p, deployment("v3", true, false, 3), v1AndV2(1, 1), List.of(readyV2()));

    assertTrue(d.consumePromote());
    assertTrue(d.status().getMessage().contains("promote annotation ignored"));
    assertTrue(d.events().stream().anyMatch(e -> e.reason().equals(Reasons.ANNOTATION_IGNORED)));
  }

  @Test
  void aPromoteWithNoRolloutIsAnsweredInStatus() {
    RolloutPolicy p = annotated(kubiaPolicy(), RolloutPolicy.PROMOTE_ANNOTATION);
    p.getStatus().setStableRevision(rev("v1"));

    Decision d =
        plan(p, deployment("v1", false, true, 1), List.of(replicaSet("v1", 3, 3, T0)), List.of());

    assertTrue(d.consumePromote());
    assertTrue(d.status().getMessage().contains("no rollout is in progress"));
  }

  @Test
  void anAbortWhileTheNewTemplateHasNoReplicaSetRollsBack() {
    RolloutPolicy p = annotated(pausedAtStep1(), RolloutPolicy.ABORT_ANNOTATION);

    Decision d = plan(p, deployment("v3", true, false, 3), v1AndV2(1, 1), List.of(readyV2()));

    assertEquals(Phase.RollingBack, d.status().getPhase());
    assertEquals(
        TemplateHash.of(Snapshots.template("v2")),
        d.status().getFailedRevisions().get(0).getTemplateHash(),
        "the canary that ran is known bad, not the new template that never did");
  }

  @Test
  void anAbortIsRemovedOnlyOnceItsIntentIsInTheStatus() {
    RolloutPolicy p = annotated(pausedAtStep1(), RolloutPolicy.ABORT_ANNOTATION);
    Decision intent = plan(p, deployment("v2", true, false, 2), v1AndV2(1, 1), List.of(readyV2()));
    assertEquals(Phase.RollingBack, intent.status().getPhase());
    assertFalse(intent.consumeAbort(), "a lost status write must not lose the abort");

    RolloutPolicy next = annotated(kubiaPolicy(), RolloutPolicy.ABORT_ANNOTATION);
    next.setStatus(intent.status());
    Decision patch =
        RolloutPlanner.plan(
            snapshot(next, deployment("v2", true, false, 2), v1AndV2(1, 1), List.of(), T1));

    assertEquals(Action.ROLLBACK, patch.action());
    assertTrue(patch.consumeAbort());
  }

  @Test
  void aRevertToARevisionWhoseReplicaSetExistsDuringThePauseSupersedesTheCanary() {
    // v3 superseded v2 earlier (v2 scaled to 0); now the user goes back to v2 during v3's pause.
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setCanaryRevision(rev("v3"));
    p.getStatus().setPausedByController(true);
    List<ReplicaSet> rs =
        List.of(
            replicaSet("v1", 3, 3, T0.minusSeconds(3600)),
            replicaSet("v2", 0, 0, T0),
            replicaSet("v3", 1, 1, T0.plusSeconds(30)));

    Decision d = plan(p, deployment("v2", true, false, 4), rs, List.of());

    assertEquals(Action.RESUME, d.action(), "the paused Deployment controller never scales v2 up");
    assertEquals(List.of(new Decision.Scale("kubia-" + rev("v3"), 0)), d.scales());
  }

  // 2. Replicas change mid-canary.

  @Test
  void scaleUpWhilePausedShrinksTheCanaryBackToItsStep() {
    Deployment six = deployment("v2", true, false, 3);
    six.getSpec().setReplicas(6);
    List<ReplicaSet> proportional =
        List.of(replicaSet("v1", 5, 3, T0.minusSeconds(3600)), replicaSet("v2", 2, 1, T0));

    Decision d = plan(pausedAtStep1(), six, proportional, List.of(readyV2()));

    assertEquals(List.of(new Decision.Scale("kubia-" + rev("v2"), 1)), d.scales());
    assertEquals(Phase.Paused, d.status().getPhase());
    assertEquals(Action.NONE, d.action());
  }

  @Test
  void scaleDownThatEmptiesTheCanaryResumesToGrowItBackAndKeepsThePauseTime() {
    Deployment two = deployment("v2", true, false, 3);
    two.getSpec().setReplicas(2);
    List<ReplicaSet> shrunk =
        List.of(replicaSet("v1", 3, 3, T0.minusSeconds(3600)), replicaSet("v2", 0, 0, T0));

    Decision d = plan(pausedAtStep1(), two, shrunk, List.of());

    assertEquals(Action.RESUME, d.action(), "the Deployment controller must create a canary pod");
    assertEquals(PAUSED_AT.toString(), d.status().getPauseStartedAt());

    Decision again =
        replan(
            d,
            deployment("v2", false, false, 4),
            List.of(replicaSet("v1", 2, 2, T0.minusSeconds(3600)), replicaSet("v2", 1, 0, T0)),
            List.of(),
            T1.plusSeconds(1));
    assertEquals(Action.PAUSE, again.action());
    assertEquals(PAUSED_AT.toString(), again.status().getPauseStartedAt());
  }

  @Test
  void aCanaryThatIsTheLargestReplicaSetIsLeftAboveItsStepRatherThanFoughtOver() {
    // 4 replicas, held at a 3-pod step with v2=3 and v1=2; a scale to 5 made v2=4.
    RolloutPolicy p = pausedAtStep1();
    p.getSpec().getSteps().get(0).setCanary(new IntOrString(3));
    Deployment five = deployment("v2", true, false, 3);
    five.getSpec().setReplicas(5);
    List<ReplicaSet> rs =
        List.of(replicaSet("v1", 2, 2, T0.minusSeconds(3600)), replicaSet("v2", 4, 3, T0));

    Decision d = plan(p, five, rs, List.of());

    assertTrue(d.scales().isEmpty(), "the Deployment controller would give the pod back");
    assertTrue(d.status().getMessage().contains("largest ReplicaSet"), d.status().getMessage());
    p.setStatus(d.status());
    Decision again = RolloutPlanner.plan(snapshot(p, five, rs, List.of(), T1.plusSeconds(1)));
    assertEquals(d.status().getMessage(), again.status().getMessage(), "no status churn");
  }

  @Test
  void thePauseIsClaimedInTheSameStatusAsThePhase() {
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setPhase(Phase.Progressing);
    p.getStatus().setPausedByController(false);

    // Paused already: the status write after our pause patch was lost.
    Decision d = plan(p, deployment("v2", true, false, 2), v1AndV2(1, 0), List.of());

    assertEquals(Phase.Paused, d.status().getPhase());
    assertTrue(d.status().getPausedByController());
  }

  @Test
  void anAbortWithNoStableRevisionIsAnsweredNotKeptForever() {
    RolloutPolicy p = annotated(pausedAtStep1(), RolloutPolicy.ABORT_ANNOTATION);
    p.getStatus().setStableRevision("gone");

    Decision d = plan(p, deployment("v2", true, false, 2), v1AndV2(1, 1), List.of(readyV2()));

    assertTrue(d.consumeAbort());
    assertTrue(
        d.status().getMessage().contains("abort annotation ignored"), d.status().getMessage());
  }

  @Test
  void anAbortDuringARevertToAnExistingReplicaSetRollsBack() {
    RolloutPolicy p = annotated(pausedAtStep1(), RolloutPolicy.ABORT_ANNOTATION);
    p.getStatus().setCanaryRevision(rev("v3"));
    p.getStatus().setPausedByController(true);
    List<ReplicaSet> rs =
        List.of(
            replicaSet("v1", 3, 3, T0.minusSeconds(3600)),
            replicaSet("v2", 0, 0, T0),
            replicaSet("v3", 1, 1, T0.plusSeconds(30)));

    Decision d = plan(p, deployment("v2", true, false, 4), rs, List.of());

    assertEquals(Phase.RollingBack, d.status().getPhase());
    assertEquals(rev("v3"), d.status().getPendingRollback().getFrom());
  }

  @Test
  void aScaleDownThatMakesMaxSurgeExceedTheStepDoesNotReleaseThePause() {
    // RG004 wrote maxSurge 2 for a 25% step at 8 replicas; an HPA scales to 4 (step: 1 pod).
    RolloutPolicy p = pausedAtStep1();
    p.getSpec().getSteps().get(0).setCanary(new IntOrString("25%"));
    Deployment four = deployment("v2", true, false, 3);
    four.getSpec().setReplicas(4);
    four.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(2));
    List<ReplicaSet> rs =
        List.of(replicaSet("v1", 4, 4, T0.minusSeconds(3600)), replicaSet("v2", 1, 1, T0));

    Decision d = plan(p, four, rs, List.of(readyV2()));

    assertEquals(Phase.Paused, d.status().getPhase());
    assertEquals(Action.NONE, d.action());
  }

  // 3. Canary pods that are never created.

  @Test
  void canaryPodsThatAreNeverCreatedFailAfterTheReadinessTimeout() {
    ReplicaSet denied = replicaSet("v2", 1, 0, T0);
    denied.getStatus().setReplicas(0);
    denied
        .getStatus()
        .getConditions()
        .add(
            new ReplicaSetConditionBuilder()
                .withType("ReplicaFailure")
                .withStatus("True")
                .withReason("FailedCreate")
                .withMessage("pods \"kubia-hv2-x\" is forbidden: exceeded quota: pods")
                .withLastTransitionTime(T0.toString())
                .build());
    List<ReplicaSet> rs = List.of(replicaSet("v1", 3, 3, T0.minusSeconds(3600)), denied);
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setPauseStartedAt(null);

    Decision early =
        RolloutPlanner.plan(
            snapshot(p, deployment("v2", true, false, 2), rs, List.of(), T0.plusSeconds(30)));
    Decision late =
        RolloutPlanner.plan(
            snapshot(p, deployment("v2", true, false, 2), rs, List.of(), T0.plusSeconds(60)));

    assertEquals(Phase.Paused, early.status().getPhase());
    assertEquals(T0.plusSeconds(60), early.wakeAt().orElseThrow(), "wakes at the timeout");
    assertEquals(Phase.RollingBack, late.status().getPhase());
    assertEquals(Reasons.FAILED_CREATE, late.status().getPendingRollback().getReason());
    assertTrue(late.status().getMessage().contains("exceeded quota: pods"));
  }

  // 4. The target is deleted and created again.

  @Test
  void aRecreatedTargetIsGuardedFromItsFirstUpdate() {
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setTargetGeneration(9L);
    Deployment recreated = deployment("v1", false, true, 1);
    recreated.getMetadata().setUid("new-uid");
    ReplicaSet v1 = replicaSet("v1", 3, 3, T0);
    v1.getMetadata().getOwnerReferences().get(0).setUid("new-uid");

    Decision first = plan(p, recreated, List.of(v1), List.of());

    assertEquals("new-uid", first.status().getTargetUid());
    assertNull(first.status().getTargetGeneration(), "generation 1 is not a stale cache");
    assertEquals(rev("v1"), first.status().getStableRevision());
    assertEquals(Phase.Idle, first.status().getPhase());
    assertTrue(first.events().stream().anyMatch(e -> e.reason().equals(Reasons.TARGET_RECREATED)));

    Decision update =
        replan(
            first,
            deployment("v2", false, false, 2),
            List.of(v1, replicaSet("v2", 1, 0, T1)),
            List.of(),
            T1);
    assertEquals(Action.PAUSE, update.action(), "its first update is canaried");
  }

  // 5. Two policies, one Deployment.

  @Test
  void theYoungerOfTwoPoliciesShowsConflictAndDoesNothing() {
    RolloutPolicy younger = annotated(pausedAtStep1(), RolloutPolicy.PROMOTE_ANNOTATION);
    Decision d =
        RolloutPlanner.plan(
            new RolloutSnapshot(
                younger,
                deployment("v2", true, false, 2),
                v1AndV2(1, 1),
                List.of(readyV2()),
                T1,
                "kubia-older",
                Snapshots.CANARY_FLOOR));

    assertEquals(Phase.Conflict, d.status().getPhase());
    assertEquals(Action.NONE, d.action());
    assertTrue(d.scales().isEmpty());
    assertFalse(d.consumePromote(), "the annotation is left for the policy that acts");
    assertTrue(d.status().getMessage().contains("older RolloutPolicy kubia-older"));
  }

  // 6. RG005 and the controller.

  @Test
  void aRetriedRevisionThatBecomesStableLeavesFailedRevisions() {
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setCurrentStep(2);
    p.getStatus().setPhase(Phase.Promoting);
    String v2 = TemplateHash.of(Snapshots.template("v2"));
    p.getStatus().getFailedRevisions().add(new FailedRevision(rev("v2"), v2, "old", "t"));
    p.getStatus().getFailedRevisions().add(new FailedRevision("x", "other", "old", "t"));

    Decision d = plan(p, deployment("v2", false, true, 5), v1AndV2(3, 3), List.of());

    assertEquals(Phase.Succeeded, d.status().getPhase());
    assertEquals(1, d.status().getFailedRevisions().size());
    assertEquals("other", d.status().getFailedRevisions().get(0).getTemplateHash());
    assertEquals(v2, d.status().getStableTemplateHash(), "RG005 exempts the stable template");
  }

  @Test
  void aFailingReconcileShowsDegradedAndPlanningResumesFromTheInterruptedPhase() {
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setPhase(Phase.Degraded);
    p.getStatus().setInterruptedPhase(Phase.Paused);

    Decision d = plan(p, deployment("v2", true, false, 2), v1AndV2(1, 1), List.of(readyV2()));

    assertEquals(Phase.Paused, d.status().getPhase());
    assertNull(d.status().getInterruptedPhase());
    assertEquals(PAUSED_AT.toString(), d.status().getPauseStartedAt());
    assertTrue(d.events().isEmpty(), "no second CanaryPaused: the pause never ended");
  }

  // 7. Crash between the rollback patch and the status write.

  @Test
  void theRollbackIntentIsInStatusBeforeThePatch() {
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");

    Decision intent =
        plan(pausedAtStep1(), deployment("v2", true, false, 2), v1AndV2(1, 0), List.of(crashing));

    assertEquals(Action.NONE, intent.action());
    assertEquals(Phase.RollingBack, intent.status().getPhase());
    assertEquals(
        TemplateHash.of(Snapshots.template("v2")),
        intent.status().getFailedRevisions().get(0).getTemplateHash(),
        "RG005 is armed before the Deployment is touched");
    assertEquals(T1, intent.wakeAt().orElseThrow(), "the patch follows at once");
  }

  @Test
  void aStatusWriteLostAfterTheRollbackPatchStillFinishesTheRollback() {
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");
    Decision intent =
        plan(pausedAtStep1(), deployment("v2", true, false, 2), v1AndV2(1, 0), List.of(crashing));
    Decision patch =
        replan(intent, deployment("v2", true, false, 2), v1AndV2(1, 0), List.of(crashing), T1);
    assertEquals(Action.ROLLBACK, patch.action());

    // The patch went through, its status write did not: the next reconcile sees the intent and
    // a Deployment back on v1.
    Decision after =
        replan(intent, deployment("v1", false, false, 3), v1AndV2(0, 0), List.of(), T1);

    assertEquals(Action.NONE, after.action(), "not patched twice");
    assertEquals(Phase.RolledBack, after.status().getPhase());
    assertEquals(rev("v2"), after.status().getLastRollback().getFrom());
    assertTrue(after.rolledBack().isEmpty(), "counted once, with the patch");
    assertTrue(
        after.events().stream()
            .filter(e -> e.reason().equals(Reasons.ROLLED_BACK))
            .allMatch(RolloutEvent::once),
        "the same event again, not a second rollback");
    assertNull(after.status().getPendingRollback());
  }

  // 8. A rollback skipped because the template changed meanwhile.

  @Test
  void aRollbackSkippedBecauseTheTemplateChangedIsNotReportedAsARollback() {
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");
    Decision intent =
        plan(pausedAtStep1(), deployment("v2", true, false, 2), v1AndV2(1, 0), List.of(crashing));

    Decision d = replan(intent, deployment("v3", true, false, 3), v1AndV2(1, 0), List.of(), T1);

    assertEquals(Action.NONE, d.action());
    assertTrue(d.rolledBack().isEmpty());
    assertTrue(d.rollbackSkipped().isPresent());
    assertNull(d.status().getLastRollback());
    assertEquals(Phase.Progressing, d.status().getPhase());
    assertTrue(d.events().stream().anyMatch(e -> e.reason().equals(Reasons.ROLLBACK_SKIPPED)));
    assertTrue(d.events().stream().noneMatch(e -> e.reason().equals(Reasons.ROLLED_BACK)));
  }

  @Test
  void aSkippedRollbackReleasesOurPauseForTheNewTemplate() {
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setPausedByController(true);
    Decision intent = plan(p, deployment("v2", true, false, 2), v1AndV2(1, 0), List.of(crashing));

    Decision d = replan(intent, deployment("v3", true, false, 3), v1AndV2(1, 0), List.of(), T1);

    assertTrue(d.rollbackSkipped().isPresent());
    assertEquals(Action.RESUME, d.action(), "v3 gets its ReplicaSet only once resumed");
  }

  // 9. Admission bypassed.

  @Test
  void anUnsafeStrategyMarksThePolicyDegradedAndDoesNotClaimACanary() {
    RolloutPolicy p = kubiaPolicy();
    p.getStatus().setStableRevision(rev("v1"));
    Deployment audit = deployment("v2", false, false, 2);
    audit.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString("25%"));
    audit.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));

    Decision d = plan(p, audit, v1AndV2(3, 0), List.of());

    assertEquals(Phase.Degraded, d.status().getPhase());
    assertEquals(Action.NONE, d.action(), "no pause it could not hold");
    assertTrue(d.status().getMessage().contains("maxUnavailable"), d.status().getMessage());
    assertTrue(d.events().stream().anyMatch(e -> e.reason().equals(Reasons.UNSAFE_STRATEGY)));
  }

  @Test
  void aRolloutCompletedUnderAnUnsafeStrategyBecomesStable() {
    RolloutPolicy p = kubiaPolicy();
    p.getStatus().setStableRevision(rev("v1"));
    p.getStatus().setPhase(Phase.Degraded);
    Deployment audit = deployment("v2", false, true, 2);
    audit.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));

    Decision d = plan(p, audit, v1AndV2(3, 3), List.of());

    assertEquals(Phase.Succeeded, d.status().getPhase());
    assertEquals(rev("v2"), d.status().getStableRevision());
  }

  @Test
  void anUnsafeStrategyStillRollsBackAFailure() {
    RolloutPolicy p = kubiaPolicy();
    p.getStatus().setStableRevision(rev("v1"));
    Deployment audit = deployment("v2", false, false, 2);
    audit.getSpec().setMinReadySeconds(0);
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");

    Decision d = plan(p, audit, v1AndV2(1, 0), List.of(crashing));

    assertEquals(Phase.RollingBack, d.status().getPhase());
  }

  // 11. Progress deadline of an older generation; readiness lost after a restart.

  @Test
  void aProgressDeadlineOfAnOlderGenerationIsIgnored() {
    RolloutPolicy p = pausedAtStep1();
    p.getStatus().setPhase(Phase.Promoting);
    p.getStatus().setCurrentStep(2);
    Deployment d = Snapshots.progressDeadlineExceeded(deployment("v2", false, false, 3));
    d.getMetadata().setGeneration(4L);

    Decision decision = plan(p, d, v1AndV2(2, 1), List.of());

    assertEquals(Phase.Promoting, decision.status().getPhase());
  }

  @Test
  void readinessLostAfterAContainerRestartIsTimedFromTheTransition() {
    // Created an hour ago, Ready until its container crashed at T1 - 2s and restarted at T1 - 1s.
    Instant created = T0.minusSeconds(3600);
    Pod restarted = running("v2", "kubia-v2-a", T1.minusSeconds(1), false, T1.minusSeconds(2));
    restarted.getMetadata().setCreationTimestamp(created.toString());
    var cs = restarted.getStatus().getContainerStatuses().get(0);
    cs.setRestartCount(1);
    cs.setLastState(
        new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
            .withNewTerminated()
            .withStartedAt(created.plusSeconds(2).toString())
            .withFinishedAt(T1.minusSeconds(2).toString())
            .withExitCode(1)
            .endTerminated()
            .build());

    Decision d =
        plan(pausedAtStep1(), deployment("v2", true, false, 2), v1AndV2(1, 0), List.of(restarted));

    assertEquals(Phase.Paused, d.status().getPhase(), "not failed at once for its age");
    assertEquals(T1.plusSeconds(3), d.wakeAt().orElseThrow(), "tolerance from the transition");
  }
}
