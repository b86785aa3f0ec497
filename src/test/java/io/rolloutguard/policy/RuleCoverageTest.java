package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kinds x rules table, as the rules' specs declare it: admission, the audit, the webhooks' and
 * the CEL policies' match rules and {@code check} all derive from it, so a rule that changes what
 * it covers changes this table and nothing else.
 */
class RuleCoverageTest {

  private static final PolicyEngine ENGINE = PolicyEngine.standard(PolicyConfig.defaults());

  @ParameterizedTest(name = "{0}: {1} (guarded: {2})")
  @CsvSource(
      delimiter = '|',
      value = {
        "DEPLOYMENT             | RG000 RG001 RG002 RG003             | RG000 RG001 RG002 RG003 RG004 RG005",
        "REPLICA_SET            | RG000 RG001 RG002 RG003             | RG000 RG001 RG002 RG003",
        "STATEFUL_SET           | RG000 RG001 RG002 RG003             | RG000 RG001 RG002 RG003",
        "DAEMON_SET             | RG000 RG001 RG002 RG003             | RG000 RG001 RG002 RG003",
        "REPLICATION_CONTROLLER | RG000 RG001 RG002                   | RG000 RG001 RG002",
        "JOB                    | RG000 RG001 RG002                   | RG000 RG001 RG002",
        "CRON_JOB               | RG000 RG001                         | RG000 RG001",
        "POD                    | RG000 RG001                         | RG000 RG001",
        "SERVICE                | RG002                               | RG002",
        "ROLLOUT_POLICY         | RG006                               | RG006",
      })
  void eachKindIsJudgedByTheRulesThatDeclareIt(Kind kind, String unguarded, String guarded) {
    assertEquals(ids(unguarded), ENGINE.rulesFor(kind, false));
    assertEquals(ids(guarded), ENGINE.rulesFor(kind, true));
  }

  @ParameterizedTest(name = "{0} needs cluster state: {1}")
  @CsvSource({
    "InvalidImageRule, false",
    "MutableTagPullPolicyRule, false",
    "SelectorRule, false",
    "SelectorOverlapRule, true",
    "ServiceSelectorRule, false",
    "MinReadySecondsRule, false",
    "CanaryStrategyRule, true",
    "KnownBadRevisionRule, true",
    "SinglePolicyRule, true",
  })
  void theStatefulEngineKeepsExactlyTheRulesThatNeedClusterState(String rule, boolean stateful) {
    Set<String> kept =
        PolicyEngine.stateful(PolicyConfig.defaults()).specs().stream()
            .map(RuleSpec::label)
            .collect(Collectors.toSet());
    RuleSpec spec =
        ENGINE.specs().stream().filter(s -> specOf(rule) == s).findFirst().orElseThrow();
    assertEquals(stateful, spec.needsClusterState());
    assertEquals(stateful, kept.contains(spec.label()));
  }

  private static RuleSpec specOf(String rule) {
    return switch (rule) {
      case "InvalidImageRule" -> InvalidImageRule.SPEC;
      case "MutableTagPullPolicyRule" -> MutableTagPullPolicyRule.SPEC;
      case "SelectorRule" -> SelectorRule.SPEC;
      case "SelectorOverlapRule" -> SelectorOverlapRule.SPEC;
      case "ServiceSelectorRule" -> ServiceSelectorRule.SPEC;
      case "MinReadySecondsRule" -> MinReadySecondsRule.SPEC;
      case "CanaryStrategyRule" -> CanaryStrategyRule.SPEC;
      case "KnownBadRevisionRule" -> KnownBadRevisionRule.SPEC;
      case "SinglePolicyRule" -> SinglePolicyRule.SPEC;
      default -> throw new IllegalArgumentException(rule);
    };
  }

  private static Set<RuleId> ids(String list) {
    Set<RuleId> ids = EnumSet.noneOf(RuleId.class);
    Arrays.stream(list.trim().split("\\s+")).map(RuleId::valueOf).forEach(ids::add);
    return ids;
  }
}
