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
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.FailedRevision;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.rollout.Decision.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutPlannerTest {

  private static final Instant T1 = T0.plusSeconds(60);

  /** The v1 ReplicaSet that serves, and the v2 one the template change created. */
  private static List<ReplicaSet> v1AndV2(int v2Desired, int v2Available) {
    return List.of(
        replicaSet("v1", 3, 3, T0.minusSeconds(3600)),
        replicaSet("v2", v2Desired, v2Available, T0));
  }

  /** A policy whose status says: stable v1, rolling out v2 at {@code step} in {@code phase}. */
  private static RolloutPolicy atStep(int step, Phase phase, Instant pauseStarted) {
    RolloutPolicy p = kubiaPolicy();
    RolloutPolicyStatus s = p.getStatus();
    s.setStableRevision(rev("v1"));
    s.setCanaryRevision(rev("v2"));
    s.setCurrentStep(step);
    s.setPhase(phase);
    s.setPauseStartedAt(pauseStarted == null ? null : pauseStarted.toString());
    return p;
  }

  private static Decision plan(
      RolloutPolicy p, boolean paused, List<ReplicaSet> rs, List<Pod> pods, Instant now) {
    return RolloutPlanner.plan(snapshot(p, deployment("v2", paused, false, 2), rs, pods, now));
  }

  /** The next reconcile over the same observations, with the status the last one wrote. */
  static Decision replan(
      Decision last, boolean paused, List<ReplicaSet> rs, List<Pod> pods, Instant now) {
    RolloutPolicy p = kubiaPolicy();
    p.setStatus(last.status());
    return plan(p, paused, rs, pods, now);
  }

  @Test
  void missingTargetIsIdle() {
    Decision d = RolloutPlanner.plan(snapshot(kubiaPolicy(), null, List.of(), List.of(), T0));

    assertEquals(Action.NONE, d.action());
    assertEquals(Phase.Idle, d.status().getPhase());
    assertEquals(Reasons.TARGET_NOT_FOUND, d.status().getConditions().get(0).getReason());
  }

  @Test
  void firstObservationOfACompleteDeploymentAdoptsItAsStable() {
    Decision d =
        RolloutPlanner.plan(
            snapshot(
                kubiaPolicy(),
                deployment("v1", false, true, 1),
                List.of(replicaSet("v1", 3, 3, T0)),
                List.of(),
                T0));

    assertEquals(Action.NONE, d.action());
    assertEquals(rev("v1"), d.status().getStableRevision());
    assertEquals(Phase.Idle, d.status().getPhase());
  }

  @Test
  void aNewDeploymentsFirstRevisionIsStableNotACanary() {
    Decision d =
        RolloutPlanner.plan(
            snapshot(
                kubiaPolicy(),
                deployment("v1", false, false, 1),
                List.of(replicaSet("v1", 3, 0, T0)),
                List.of(),
                T0));

    assertEquals(Action.NONE, d.action());
    assertEquals(rev("v1"), d.status().getStableRevision());
    assertNull(d.status().getCanaryRevision());
  }

  @Test
  void firstObservationMidRolloutTakesTheServingRevisionAsStable() {
    Decision d = plan(kubiaPolicy(), false, v1AndV2(1, 0), List.of(), T0);

    assertEquals(rev("v1"), d.status().getStableRevision());
    assertEquals(rev("v2"), d.status().getCanaryRevision());
    assertEquals(Action.PAUSE, d.action());
  }

  @Test
  void pausesWhenTheNewReplicaSetReachesTheFirstStep() {
    RolloutPolicy p = kubiaPolicy();
    p.getStatus().setStableRevision(rev("v1"));

    Decision d = plan(p, false, v1AndV2(1, 0), List.of(), T0);

    assertEquals(Action.PAUSE, d.action());
    assertEquals(Phase.Paused, d.status().getPhase());
    assertEquals(0, d.status().getCurrentStep());
    assertEquals("1/2", d.status().getStepProgress());
    assertEquals(rev("v2"), d.status().getCanaryRevision());
    assertNull(d.status().getPauseStartedAt(), "the timer waits for the canary to be available");
    assertTrue(d.events().stream().anyMatch(e -> e.reason().equals(Reasons.CANARY_PAUSED)));
  }

  @Test
  void pauseTimerStartsOnceEveryCanaryPodIsAvailable() {
    Pod ready = running("v2", "kubia-v2-a", T0, true, T0.plusSeconds(5));

    Decision d = plan(atStep(0, Phase.Paused, null), true, v1AndV2(1, 1), List.of(ready), T1);

    assertEquals(Action.NONE, d.action());
    assertEquals(T1.toString(), d.status().getPauseStartedAt());
    assertEquals(T1.plusSeconds(30), d.wakeAt().orElseThrow());
    assertEquals("1/1", d.status().getCanary());
  }

  @Test
  void promotesWhenThePauseIsOver() {
    Pod ready = running("v2", "kubia-v2-a", T0, true, T0.plusSeconds(5));

    Decision d =
        plan(atStep(0, Phase.Paused, T1), true, v1AndV2(1, 1), List.of(ready), T1.plusSeconds(30));

    assertEquals(Action.RESUME, d.action());
    assertEquals(1, d.status().getCurrentStep());
    assertEquals(Phase.Progressing, d.status().getPhase());
  }

  @Test
  void anEmptyPauseWaitsForAManualPromote() {
    Pod a = running("v2", "kubia-v2-a", T0, true, T0.plusSeconds(5));
    Pod b = running("v2", "kubia-v2-b", T0, true, T0.plusSeconds(5));
    RolloutPolicy waiting = atStep(1, Phase.Paused, T1);
    RolloutPolicy promoted = atStep(1, Phase.Paused, T1);
    promoted.getMetadata().setAnnotations(Map.of(RolloutPolicy.PROMOTE_ANNOTATION, "true"));
    Instant muchLater = T1.plusSeconds(86_400);

    Decision held = plan(waiting, true, v1AndV2(2, 2), List.of(a, b), muchLater);
    Decision moved = plan(promoted, true, v1AndV2(2, 2), List.of(a, b), muchLater);

    assertEquals(Action.NONE, held.action());
    assertTrue(held.wakeAt().isEmpty());
    assertEquals(Action.RESUME, moved.action());
    assertEquals(Phase.Promoting, moved.status().getPhase());
    assertTrue(moved.consumePromote());
  }

  @Test
  void aUsersRolloutResumeCountsAsPromote() {
    Decision d = plan(atStep(0, Phase.Paused, null), false, v1AndV2(1, 0), List.of(), T1);

    assertEquals(Action.RESUME, d.action());
    assertEquals(1, d.status().getCurrentStep());
  }

  static Stream<Arguments> stepTargets() {
    return Stream.of(
        // step canary, replicas-of-3 new RS desired, expected action
        Arguments.of(new IntOrString(1), 1, Action.PAUSE),
        Arguments.of(new IntOrString("50%"), 1, Action.NONE),
        Arguments.of(new IntOrString("50%"), 2, Action.PAUSE),
        Arguments.of(new IntOrString("34%"), 2, Action.PAUSE),
        Arguments.of(new IntOrString("33%"), 1, Action.PAUSE),
        Arguments.of(new IntOrString(5), 3, Action.PAUSE),
        Arguments.of(new IntOrString(2), 1, Action.NONE));
  }

  @ParameterizedTest(name = "canary {0} with {1} new pod(s): {2}")
  @MethodSource("stepTargets")
  void stepTargetsCountsAndPercentsOfReplicas(IntOrString canary, int desired, Action expected) {
    RolloutPolicy p = Snapshots.policy(new CanaryStep(canary, new Pause("1m")));
    p.getStatus().setStableRevision(rev("v1"));

    Decision d = plan(p, false, v1AndV2(desired, 0), List.of(), T0);

    assertEquals(expected, d.action());
    assertEquals(
        expected == Action.PAUSE ? Phase.Paused : Phase.Progressing, d.status().getPhase());
  }

  @Test
  void succeedsWhenTheDeploymentCompletesAfterTheLastStep() {
    RolloutPolicy p = atStep(2, Phase.Promoting, null);

    Decision d =
        RolloutPlanner.plan(
            snapshot(p, deployment("v2", false, true, 3), v1AndV2(3, 3), List.of(), T1));

    assertEquals(Phase.Succeeded, d.status().getPhase());
    assertEquals(rev("v2"), d.status().getStableRevision());
    assertNull(d.status().getCanaryRevision());
    assertTrue(d.events().stream().anyMatch(e -> e.reason().equals(Reasons.SUCCEEDED)));
  }

  /** Every failure signal rolls back to the stable template, minus pod-template-hash. */
  static Stream<Arguments> failures() {
    Instant start = T0;
    return Stream.of(
        Arguments.of(
            "CrashLoopBackOff",
            Snapshots.waiting("v2", "kubia-v2-a", start, "CrashLoopBackOff"),
            start.plusSeconds(1),
            Reasons.WAITING_REASON),
        Arguments.of(
            "ImagePullBackOff",
            Snapshots.waiting("v2", "kubia-v2-a", start, "ImagePullBackOff"),
            start.plusSeconds(1),
            Reasons.WAITING_REASON),
        Arguments.of(
            "restarts above the limit",
            restarted(running("v2", "kubia-v2-a", start, true, start), 2),
            start.plusSeconds(1),
            Reasons.RESTARTS),
        Arguments.of(
            "never ready within the timeout",
            running("v2", "kubia-v2-a", start, false, start),
            start.plusSeconds(60),
            Reasons.NEVER_READY),
        Arguments.of(
            "ready, then not ready past the tolerance (kubia v3)",
            running("v2", "kubia-v2-a", start, false, start.plusSeconds(20)),
            start.plusSeconds(25),
            Reasons.NOT_READY));
  }

  private static Pod restarted(Pod pod, int restarts) {
    pod.getStatus().getContainerStatuses().get(0).setRestartCount(restarts);
    return pod;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void rollsBackOnEveryFailureSignal(String name, Pod pod, Instant now, String reason) {
    Decision intent = plan(atStep(0, Phase.Paused, null), true, v1AndV2(1, 0), List.of(pod), now);
    assertEquals(Action.NONE, intent.action(), "the intent is written first");
    assertEquals(Phase.RollingBack, intent.status().getPhase());

    Decision d = replan(intent, true, v1AndV2(1, 0), List.of(pod), now);

    assertEquals(Action.ROLLBACK, d.action());
    assertEquals(Phase.RolledBack, d.status().getPhase());
    assertEquals(reason, d.rolledBack().orElseThrow().getReason());
    assertEquals(
        "luksa/kubia:v1", d.rollbackTo().orElseThrow().getSpec().getContainers().get(0).getImage());
    assertFalse(d.rollbackTo().get().getMetadata().getLabels().containsKey("pod-template-hash"));
    assertEquals(rev("v2"), d.status().getLastRollback().getFrom());
    assertEquals(rev("v1"), d.status().getLastRollback().getTo());
    assertEquals(1, d.status().getFailedRevisions().size());
    assertTrue(
        d.events().stream().anyMatch(e -> e.warning() && e.message().contains("kubia-v2-a")),
        d.events().toString());
  }

  @Test
  void waitsForTheToleranceBeforeCallingReadinessLost() {
    Pod flapping = running("v2", "kubia-v2-a", T0, false, T0.plusSeconds(20));

    Decision d =
        plan(
            atStep(0, Phase.Paused, null),
            true,
            v1AndV2(1, 0),
            List.of(flapping),
            T0.plusSeconds(22));

    assertEquals(Action.NONE, d.action());
    assertEquals(T0.plusSeconds(25), d.wakeAt().orElseThrow());
  }

  @Test
  void waitsForTheReadinessTimeoutOfAStartingPod() {
    Pod starting = running("v2", "kubia-v2-a", T0, false, T0);

    Decision d =
        plan(
            atStep(0, Phase.Paused, null),
            true,
            v1AndV2(1, 0),
            List.of(starting),
            T0.plusSeconds(10));

    assertEquals(Action.NONE, d.action());
    assertEquals(T0.plusSeconds(60), d.wakeAt().orElseThrow());
  }

  @Test
  void rollsBackOnProgressDeadlineAndOnAbort() {
    RolloutPolicy aborted = atStep(0, Phase.Paused, null);
    aborted.getMetadata().setAnnotations(Map.of(RolloutPolicy.ABORT_ANNOTATION, "true"));

    Decision deadline =
        RolloutPlanner.plan(
            snapshot(
                atStep(2, Phase.Promoting, null),
                Snapshots.progressDeadlineExceeded(deployment("v2", false, false, 3)),
                v1AndV2(2, 1),
                List.of(),
                T1));
    Decision abort = plan(aborted, true, v1AndV2(1, 0), List.of(), T1);

    assertEquals(Phase.RollingBack, deadline.status().getPhase());
    assertEquals(Reasons.PROGRESS_DEADLINE, deadline.status().getPendingRollback().getReason());
    assertEquals(Phase.RollingBack, abort.status().getPhase());
    assertEquals(Reasons.ABORTED, abort.status().getPendingRollback().getReason());
    assertTrue(abort.consumeAbort());
  }

  @Test
  void withRollbackOffAFailurePausesInstead() {
    RolloutPolicy p = atStep(0, Phase.Progressing, null);
    p.getSpec().getRollback().setOnFailure(false);
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");

    Decision d = plan(p, false, v1AndV2(1, 0), List.of(crashing), T1);

    assertEquals(Action.PAUSE, d.action());
    assertEquals(Phase.Paused, d.status().getPhase());
    assertTrue(d.status().getFailedRevisions().isEmpty());
  }

  @Test
  void staysRolledBackUntilANewTemplateAppears() {
    RolloutPolicy p = kubiaPolicy();
    p.getStatus().setStableRevision(rev("v1"));
    p.getStatus().setPhase(Phase.RolledBack);

    Decision d =
        RolloutPlanner.plan(
            snapshot(p, deployment("v1", false, false, 4), v1AndV2(1, 0), List.of(), T1));

    assertEquals(Action.NONE, d.action());
    assertEquals(Phase.RolledBack, d.status().getPhase());
  }

  @Test
  void waitsWhileTheCacheIsOlderThanItsOwnLastWrite() {
    RolloutPolicy p = atStep(0, Phase.Paused, null);
    p.getStatus().setTargetGeneration(3L);

    Decision d = plan(p, false, v1AndV2(1, 0), List.of(), T1);

    assertEquals(Action.NONE, d.action(), "generation 2 in the cache predates our pause");
    assertEquals(0, d.status().getCurrentStep());
  }

  @Test
  void replanningTheSameStateChangesNothing() {
    Pod ready = running("v2", "kubia-v2-a", T0, true, T0.plusSeconds(5));
    RolloutPolicy p = atStep(0, Phase.Paused, T1);
    Decision first = plan(p, true, v1AndV2(1, 1), List.of(ready), T1.plusSeconds(10));
    p.setStatus(first.status());

    Decision second = plan(p, true, v1AndV2(1, 1), List.of(ready), T1.plusSeconds(11));

    assertEquals(Action.NONE, second.action());
    assertEquals(
        new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(first.status()),
        new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(second.status()));
  }

  @Test
  void withoutStepsOnlyTheGuardRuns() {
    RolloutPolicy p = Snapshots.policy();
    p.getStatus().setStableRevision(rev("v1"));

    Decision progressing = plan(p, false, v1AndV2(1, 0), List.of(), T0);

    assertEquals(Action.NONE, progressing.action());
    assertEquals(Phase.Progressing, progressing.status().getPhase());
  }

  @Test
  void keepsAtMostTenFailedRevisions() {
    RolloutPolicy p = atStep(0, Phase.Paused, null);
    for (int i = 0; i < 10; i++) {
      p.getStatus()
          .getFailedRevisions()
          .add(new FailedRevision("r" + i, "t" + i, "old", T0.toString()));
    }
    Pod crashing = Snapshots.waiting("v2", "kubia-v2-a", T0, "CrashLoopBackOff");

    Decision d = plan(p, true, v1AndV2(1, 0), List.of(crashing), T1);

    assertEquals(Phase.RollingBack, d.status().getPhase());
    assertEquals(10, d.status().getFailedRevisions().size());
    assertEquals(rev("v2"), d.status().getFailedRevisions().get(9).getRevision());
    assertEquals("r1", d.status().getFailedRevisions().get(0).getRevision());
  }
}
