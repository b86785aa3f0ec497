package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.MinReadySecondsRule;
import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import java.util.List;

/** MinReadySecondsRule in CEL; the missing-probe check only ever warns. */
final class MinReadySecondsCel {

  private static final RuleId RULE = MinReadySecondsRule.SPEC.id();
  private static final String DEPLOYMENT =
      "request.kind.kind == 'Deployment' && " + Side.NEW.var("hasMinReady");
  private static final String STUCK = Side.NEW.var("minReady") + " >= " + Side.NEW.var("deadline");

  private MinReadySecondsCel() {}

  static List<CelCheck> checks(PolicyConfig config) {
    return List.of(
        CelCheck.whole(
            RULE,
            Mode.ENFORCE,
            "minReadySeconds is above the maximum of " + config.minReadySecondsMax(),
            Side.NEW.var("hasMinReady")
                + " && "
                + Side.NEW.var("minReady")
                + " > "
                + config.minReadySecondsMax(),
            unchanged("minReady")),
        CelCheck.whole(
            RULE,
            Mode.ENFORCE,
            "minReadySeconds must be below progressDeadlineSeconds, or no rollout can ever"
                + " progress",
            DEPLOYMENT + " && " + STUCK,
            unchanged("minReady", "deadline")),
        CelCheck.perEntry(
            RULE,
            Mode.ENFORCE,
            "a container's readinessProbe can pass at the earliest when progressDeadlineSeconds"
                + " is reached",
            Side.NEW.var("containers"),
            Side.OLD.var("containers"),
            DEPLOYMENT
                + " && !("
                + STUCK
                + ") && has(c.readinessProbe) && "
                + firstAvailable("c", Side.NEW.var("minReady"))
                + " >= "
                + Side.NEW.var("deadline"),
            o ->
                unchanged("minReady", "deadline")
                    + " && "
                    + CelChecks.same(o, "c", "name")
                    + " && has("
                    + o
                    + ".readinessProbe) && "
                    + sameProbeField(o, "initialDelaySeconds", 0)
                    + " && "
                    + sameProbeField(o, "periodSeconds", 10)
                    + " && "
                    + sameProbeField(o, "successThreshold", 1)),
        CelCheck.whole(
            RULE,
            Mode.WARN,
            "no container has a readinessProbe, so pods count as ready as soon as they start and"
                + " a broken version can replace every replica",
            DEPLOYMENT
                + " && object.spec.?replicas.orValue(0) > 1"
                + " && !variables.containers.exists(c, has(c.readinessProbe))",
            "false"));
  }

  /** The stored object had minReadySeconds, and these variables the same on both sides. */
  private static String unchanged(String... names) {
    StringBuilder same = new StringBuilder(Side.OLD.var("hasMinReady"));
    for (String name : names) {
      same.append(" && ").append(Side.OLD.var(name)).append(" == ").append(Side.NEW.var(name));
    }
    return same.toString();
  }

  private static String firstAvailable(String c, String minReady) {
    return "("
        + probeField(c, "initialDelaySeconds", 0)
        + " + "
        + probeField(c, "periodSeconds", 10)
        + " * "
        + probeField(c, "successThreshold", 1)
        + " + "
        + minReady
        + ")";
  }

  private static String sameProbeField(String old, String field, int fallback) {
    return probeField(old, field, fallback) + " == " + probeField("c", field, fallback);
  }

  private static String probeField(String c, String field, int fallback) {
    return c + ".readinessProbe.?" + field + ".orValue(" + fallback + ")";
  }
}
