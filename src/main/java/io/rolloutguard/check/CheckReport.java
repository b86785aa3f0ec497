package io.rolloutguard.check;

import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.RuleSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything one run found, in input order, for the output formats.
 *
 * @param fixes the planned text of each source with a mutation, by source
 * @param fixed true under {@code --fix}: the fixes were written (except into files with input
 *     errors)
 */
record CheckReport(
    List<Source> sources,
    List<ObjectResult> results,
    List<ManifestObject> skipped,
    List<ManifestReader.InputError> errors,
    Map<Source, FixPlanner.Plan> fixes,
    boolean fixed) {

  /** What the offline check cannot know, said in every format. */
  static final String NOT_EVALUATED = notEvaluated();

  /** For example "RG002 overlap, RG004 and RG005 need the cluster's state and ...". */
  private static String notEvaluated() {
    List<String> labels =
        Coverage.needingClusterState().stream().map(RuleSpec::label).distinct().sorted().toList();
    String listed =
        labels.size() == 1
            ? labels.get(0)
            : String.join(", ", labels.subList(0, labels.size() - 1))
                + " and "
                + labels.get(labels.size() - 1);
    return listed + " need the cluster's state and are not evaluated offline";
  }

  static final int CLEAN = 0;
  static final int DENIED = 1;
  static final int BAD_INPUT = 2;

  /** 2 on bad input, else 1 when admission would deny any object, else 0 (warnings allowed). */
  int exitCode() {
    if (!errors.isEmpty()) {
      return BAD_INPUT;
    }
    return denied() > 0 ? DENIED : CLEAN;
  }

  long denied() {
    return results.stream().filter(ObjectResult::denied).count();
  }

  long mutated() {
    return results.stream().filter(ObjectResult::mutated).count();
  }

  long count(Issue.Severity severity) {
    return results.stream()
        .flatMap(r -> r.issues().stream())
        .filter(i -> i.severity() == severity)
        .count();
  }

  /** For example {@code ConfigMap, Namespace}. */
  String skippedKinds() {
    TreeSet<String> kinds = new TreeSet<>();
    skipped.forEach(o -> kinds.add(o.kind()));
    return String.join(", ", kinds);
  }
}
