package io.rolloutguard.config;

import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import io.rolloutguard.policy.Trust;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns the typed Quarkus configuration into the plain PolicyConfig that rules read. */
public final class PolicyConfigFactory {

  private PolicyConfigFactory() {}

  public static PolicyConfig from(RolloutGuardConfig c) {
    RolloutGuardConfig.Rules rules = c.rules();
    Map<RuleId, RolloutGuardConfig.Rule> byId =
        Map.of(
            RuleId.RG000, rules.rg000(),
            RuleId.RG001, rules.rg001(),
            RuleId.RG002, rules.rg002(),
            RuleId.RG003, rules.rg003(),
            RuleId.RG004, rules.rg004(),
            RuleId.RG005, rules.rg005(),
            RuleId.RG006, rules.rg006());
    PolicyConfig.Builder builder = PolicyConfig.builder();
    Map<RuleId, Set<String>> ruleExemptions = new EnumMap<>(RuleId.class);
    byId.forEach(
        (id, rule) -> {
          builder.mode(id, rule.mode());
          rule.exemptNamespaces().ifPresent(ns -> ruleExemptions.put(id, Set.copyOf(ns)));
        });
    Set<String> exempt = new HashSet<>(c.exemptNamespaces());
    exempt.add(c.namespace());
    return builder
        .serviceWithoutSelector(rules.serviceWithoutSelector())
        .mutableTags(Set.copyOf(c.images().mutableTags()))
        .mutableTagPatterns(
            c.images().mutableTagPatterns().orElse(List.of()).stream()
                .map(PolicyConfigFactory::regex)
                .toList())
        .digestOnly(c.images().digestOnly())
        .minReadySeconds(c.minReadySeconds().floor(), c.minReadySeconds().max())
        .canaryMinReadySecondsFloor(c.minReadySeconds().canaryFloor())
        .requiredSelectorKeys(Set.copyOf(c.selectors().requiredKeys().orElse(List.of())))
        .exemptNamespaces(exempt)
        .ruleExemptNamespaces(ruleExemptions)
        .exemptImages(
            c.images().exempt().orElse(List.of()).stream().map(PolicyConfig::glob).toList())
        .trust(
            new Trust(
                Set.copyOf(c.trusted().operators().orElse(List.of())),
                Set.copyOf(c.trusted().ownerKinds().orElse(List.of()))))
        .build();
  }

  private static Pattern regex(String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "rolloutguard.images.mutable-tag-patterns: \""
              + value
              + "\" is not a valid regex: "
              + e.getDescription());
    }
  }
}
