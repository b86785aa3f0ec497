package io.rolloutguard.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rolloutguard.policy.Change;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.Finding;
import io.rolloutguard.policy.Kind;
import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PatchComputer;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.policy.RuleId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits one stored object as admission would see it on CREATE, with the webhooks' own engine: the
 * mutating rules on a copy (a change counts only when the copy differs, as the webhook patches only
 * then), then the validating rules on the mutated copy. One result per rule that applies to the
 * kind: a rule in {@code off} mode has none.
 *
 * <ul>
 *   <li>{@code fail}: the validating webhook would deny it (severity high), the rule in audit mode
 *       finds a violation (medium), or the mutating webhook would change it (medium): the stored
 *       object lacks what admission guarantees, because it predates rollout-guard or was written
 *       while the webhook was bypassed;
 *   <li>{@code warn}: a warning, from warn mode or a warning-only check (low);
 *   <li>{@code skip}: the rule's own exemption names the namespace;
 *   <li>{@code pass}: nothing found.
 * </ul>
 */
public final class ObjectAuditor {

  private final PolicyEngine engine;
  private final PatchComputer patches;

  public ObjectAuditor(PolicyEngine engine, ObjectMapper mapper) {
    this.engine = engine;
    this.patches = new PatchComputer(mapper);
  }

  public PolicyConfig config() {
    return engine.config();
  }

  /** The object is not changed: informer caches share theirs. */
  public List<AuditResult> audit(HasMetadata object, ClusterFacts cluster) {
    String namespace = object.getMetadata().getNamespace();
    PatchComputer.Result<Change> mutation =
        patches.mutate(object, copy -> engine.mutate(copy, namespace, cluster));
    List<Change> changes = mutation.changed() ? mutation.changes() : List.of();
    List<Finding> findings = engine.validate(mutation.mutated(), null, namespace, cluster);

    Map<RuleId, Accumulator> byRule = new EnumMap<>(RuleId.class);
    for (RuleId rule : applicable(object, cluster)) {
      byRule.put(rule, new Accumulator());
    }
    for (Change change : changes) {
      byRule
          .computeIfAbsent(change.rule(), r -> new Accumulator())
          .add(
              ResultKind.FAIL,
              "medium",
              "mutate",
              change.field(),
              change.field() + ": " + change.message() + " (admission would make this change)");
    }
    for (Finding finding : findings) {
      var v = finding.violation();
      Accumulator acc = byRule.computeIfAbsent(v.rule(), r -> new Accumulator());
      String message = v.field() + ": " + v.message();
      switch (finding.outcome()) {
        case DENY -> acc.add(ResultKind.FAIL, "high", "deny", v.field(), message);
        case AUDIT -> acc.add(ResultKind.FAIL, "medium", "audit", v.field(), message);
        case WARN -> acc.add(ResultKind.WARN, "low", "warn", v.field(), message);
      }
    }

    ObjectRef ref = ObjectRef.of(object);
    List<AuditResult> results = new ArrayList<>();
    PolicyConfig config = engine.config();
    byRule.forEach(
        (rule, acc) -> {
          Mode mode = config.mode(rule);
          if (mode == Mode.OFF) {
            return;
          }
          if (config.exempt(rule, namespace)) {
            results.add(
                new AuditResult(
                    ref,
                    rule,
                    ResultKind.SKIP,
                    "namespace \""
                        + namespace
                        + "\" is exempt from "
                        + rule.name()
                        + " (rolloutguard.rules."
                        + rule.name().toLowerCase(java.util.Locale.ROOT)
                        + ".exempt-namespaces)",
                    null,
                    Map.of("mode", mode.label())));
            return;
          }
          results.add(acc.result(ref, rule, mode));
        });
    return results;
  }

  /** The rules that judge this kind, as their specs say; some only guarded Deployments. */
  private Set<RuleId> applicable(HasMetadata object, ClusterFacts cluster) {
    boolean guarded =
        cluster
            .guardFor(object.getMetadata().getNamespace(), object.getMetadata().getName())
            .isPresent();
    return Kind.ofName(object.getKind())
        .map(kind -> engine.rulesFor(kind, guarded && kind == Kind.DEPLOYMENT))
        .orElse(Set.of());
  }

  /** Every finding of one rule on one object, folded into one result. */
  private static final class Accumulator {
    private ResultKind result = ResultKind.PASS;
    private String severity;
    private final Set<String> outcomes = new LinkedHashSet<>();
    private final Set<String> fields = new LinkedHashSet<>();
    private final List<String> messages = new ArrayList<>();

    void add(ResultKind kind, String severity, String outcome, String field, String message) {
      // fail is high or medium and warn low, so the highest severity belongs to the worst result
      if (this.severity == null || rank(severity) > rank(this.severity)) {
        this.severity = severity;
      }
      result = result.worst(kind);
      outcomes.add(outcome);
      fields.add(field);
      messages.add(message);
    }

    AuditResult result(ObjectRef ref, RuleId rule, Mode mode) {
      if (messages.isEmpty()) {
        return new AuditResult(
            ref,
            rule,
            ResultKind.PASS,
            rule.title() + ": no violation",
            null,
            Map.of("mode", mode.label()));
      }
      return new AuditResult(
          ref,
          rule,
          result,
          String.join("; ", messages),
          severity,
          Map.of(
              "mode",
              mode.label(),
              "outcome",
              String.join(",", outcomes),
              "field",
              String.join(",", fields)));
    }

    private static int rank(String severity) {
      return switch (severity) {
        case "high" -> 3;
        case "medium" -> 2;
        default -> 1;
      };
    }
  }
}
