package io.rolloutguard.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.plugin.RolloutInfo.Health;
import io.rolloutguard.plugin.RolloutInfo.Revision;
import io.rolloutguard.plugin.RolloutInfo.State;
import io.rolloutguard.plugin.RolloutInfo.Step;
import io.rolloutguard.plugin.RolloutInfo.StepProgress;
import io.rolloutguard.plugin.RolloutInfo.Tag;
import io.rolloutguard.plugin.RolloutInfo.Target;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The model {@code get} lays out, built from the fixtures' objects and from single states. */
class RolloutInfoTest {

  @Test
  void pausedAtStepOneTagsTheCanaryAndTheStableAndHidesHistory() {
    RolloutInfo info = RolloutInfoBuilder.build(Fixtures.view("paused-at-step-1"), Fixtures.NOW);
    assertEquals(Target.PAUSED_BY_ROLLOUT_GUARD, info.target());
    assertEquals(new State(Health.PAUSED, "Paused"), info.header().phase());
    assertEquals(
        List.of(StepProgress.PAUSED_HERE, StepProgress.AHEAD),
        info.steps().stream().map(Step::progress).toList());
    assertEquals("18s left of 30s", info.pause());
    List<Revision> revisions = info.deployment().revisions();
    assertEquals(List.of(3L, 2L), revisions.stream().map(Revision::number).toList());
    assertEquals(
        List.of(List.of(Tag.CANARY), List.of(Tag.STABLE)),
        revisions.stream().map(Revision::tags).toList());
    assertEquals(1, info.deployment().hiddenRevisions());
    assertEquals(2, revisions.get(1).pods().get(1).restarts());
  }

  @Test
  void rolledBackTagsTheFailedRevisionAndShowsItsPodsGoing() {
    RolloutInfo info = RolloutInfoBuilder.build(Fixtures.view("rolled-back"), Fixtures.NOW);
    assertEquals(Target.RUNNING, info.target());
    assertNull(info.pause());
    Revision failed = info.deployment().revisions().get(1);
    assertEquals(List.of(Tag.ROLLED_BACK), failed.tags());
    assertEquals(new State(Health.PROGRESSING, "ScalingDown"), failed.state());
    assertEquals(new State(Health.PROGRESSING, "Terminating"), failed.pods().get(0).state());
    assertEquals("7b6bdb8946", info.knownBad().get(0).revision());
    assertEquals("2m ago (FailingReason)", info.header().lastRollback().whenAndWhy());
  }

  @Test
  void aRestartingCanaryPodIsDegradedAndCountsItsReadyContainers() {
    RolloutInfo info =
        RolloutInfoBuilder.build(Fixtures.view("manual-pause-crashloop"), Fixtures.NOW);
    var crashing = info.deployment().revisions().get(0).pods().get(0);
    assertEquals(new State(Health.DEGRADED, "CrashLoopBackOff"), crashing.state());
    assertEquals(
        List.of(1L, 2, 3), List.of(crashing.ready(), crashing.containers(), crashing.restarts()));
  }

  @Test
  void aMissingTargetHasNoTree() {
    RolloutInfo info = RolloutInfoBuilder.build(Fixtures.view("target-missing"), Fixtures.NOW);
    assertEquals(Target.MISSING, info.target());
    assertNull(info.deployment());
    assertNull(info.replicas());
  }

  static Stream<Arguments> stepProgress() {
    return Stream.of(
        Arguments.of(null, Phase.Idle, List.of(StepProgress.AHEAD, StepProgress.AHEAD)),
        Arguments.of(0, Phase.Progressing, List.of(StepProgress.SCALING_HERE, StepProgress.AHEAD)),
        Arguments.of(1, Phase.Paused, List.of(StepProgress.DONE, StepProgress.PAUSED_HERE)),
        Arguments.of(2, Phase.Promoting, List.of(StepProgress.DONE, StepProgress.DONE)));
  }

  @ParameterizedTest(name = "step {0}, {1}")
  @MethodSource("stepProgress")
  void marksEachStepAgainstTheCurrentOne(Integer current, Phase phase, List<StepProgress> marks) {
    RolloutPolicyStatus status = new RolloutPolicyStatus();
    status.setCurrentStep(current);
    status.setPhase(phase);
    List<CanaryStep> steps = List.of(new CanaryStep(), new CanaryStep());
    assertEquals(
        marks, RolloutInfoBuilder.steps(steps, status, 4).stream().map(Step::progress).toList());
  }

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of(null, null, Target.MISSING),
        Arguments.of(false, true, Target.RUNNING),
        Arguments.of(true, null, Target.PAUSED),
        Arguments.of(true, true, Target.PAUSED_BY_ROLLOUT_GUARD));
  }

  @ParameterizedTest(name = "paused {0}, by us {1}")
  @MethodSource("targets")
  void tellsWhoPausedTheTarget(Boolean paused, Boolean byUs, Target expected) {
    Deployment deployment =
        paused == null
            ? null
            : new DeploymentBuilder().withNewSpec().withPaused(paused).endSpec().build();
    RolloutPolicyStatus status = new RolloutPolicyStatus();
    status.setPausedByController(byUs);
    assertEquals(expected, RolloutInfoBuilder.target(deployment, status));
  }

  static Stream<Arguments> pauses() {
    return Stream.of(
        Arguments.of(null, "30s", "starts when every canary pod is available"),
        Arguments.of(
            "2026-11-28T11:59:50Z",
            null,
            "held 10s, until promoted (kubectl rollout-guard promote web)"),
        Arguments.of("2026-11-28T11:59:50Z", "30s", "20s left of 30s"),
        Arguments.of("2026-11-28T11:59:00Z", "30s", "30s elapsed: promoting"),
        Arguments.of("2026-11-28T11:59:50Z", "soon", "held 10s of soon"));
  }

  @ParameterizedTest(name = "started {0}, pause {1}")
  @MethodSource("pauses")
  void timesThePause(String started, String duration, String expected) {
    CanaryStep step = new CanaryStep(null, duration == null ? null : new Pause(duration));
    RolloutPolicyStatus status = new RolloutPolicyStatus();
    status.setCurrentStep(0);
    status.setPauseStartedAt(started);
    assertEquals(
        expected, RolloutInfoBuilder.pauseTimer(List.of(step), status, Fixtures.NOW, "web"));
  }
}
