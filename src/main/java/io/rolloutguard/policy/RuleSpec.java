package io.rolloutguard.policy;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a rule covers, declared by the rule itself: admission's covered kinds, the webhooks' and the
 * CEL policies' match rules, the audit's applicability and {@code check}'s list of what it cannot
 * evaluate offline are all derived from these.
 *
 * @param kinds the kinds it judges
 * @param needsClusterState true when it reads the cluster cache: the CEL policies cannot hold it,
 *     and neither can {@code check}
 * @param guardedOnly true when it judges only Deployments a RolloutPolicy guards
 * @param aspect how to name this part of a rule that has others (RG002's {@code overlap}), or null
 */
public record RuleSpec(
    RuleId id, Set<Kind> kinds, boolean needsClusterState, boolean guardedOnly, String aspect) {

  public RuleSpec {
    kinds = Set.copyOf(kinds);
  }

  public static RuleSpec of(RuleId id, Kind first, Kind... rest) {
    return new RuleSpec(id, EnumSet.of(first, rest), false, false, null);
  }

  public RuleSpec withClusterState() {
    return new RuleSpec(id, kinds, true, guardedOnly, aspect);
  }

  public RuleSpec forGuardedOnly() {
    return new RuleSpec(id, kinds, needsClusterState, true, aspect);
  }

  public RuleSpec aspect(String name) {
    return new RuleSpec(id, kinds, needsClusterState, guardedOnly, name);
  }

  public boolean covers(Kind kind) {
    return kinds.contains(kind);
  }

  /** For example {@code RG002 overlap}, or {@code RG004}. */
  public String label() {
    return aspect == null ? id.name() : id.name() + " " + aspect;
  }
}
