package io.rolloutguard.policy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Everything the rules read from configuration, as plain values, so rules test without Quarkus. */
public record PolicyConfig(
    Map<RuleId, Mode> modes,
    Mode serviceWithoutSelector,
    Set<String> mutableTags,
    List<Pattern> mutableTagPatterns,
    boolean digestOnly,
    int minReadySecondsFloor,
    int minReadySecondsMax,
    int canaryMinReadySecondsFloor,
    Set<String> requiredSelectorKeys,
    Set<String> exemptNamespaces,
    Map<RuleId, Set<String>> ruleExemptNamespaces,
    List<Pattern> exemptImages,
    Trust trust) {

  public static final Set<String> DEFAULT_EXEMPT_NAMESPACES =
      Set.of("kube-system", "kube-public", "kube-node-lease");

  public PolicyConfig {
    modes = Map.copyOf(modes);
    mutableTags = Set.copyOf(mutableTags);
    mutableTagPatterns = List.copyOf(mutableTagPatterns);
    requiredSelectorKeys = Set.copyOf(requiredSelectorKeys);
    exemptNamespaces = Set.copyOf(exemptNamespaces);
    ruleExemptNamespaces = Map.copyOf(ruleExemptNamespaces);
    exemptImages = List.copyOf(exemptImages);
    if (minReadySecondsFloor < 0 || minReadySecondsMax < minReadySecondsFloor) {
      throw new IllegalArgumentException(
          "min-ready-seconds: floor "
              + minReadySecondsFloor
              + " must be >= 0 and <= max "
              + minReadySecondsMax);
    }
  }

  public Mode mode(RuleId rule) {
    return modes.getOrDefault(rule, Mode.ENFORCE);
  }

  public boolean exempt(RuleId rule, String namespace) {
    return namespace != null
        && (exemptNamespaces.contains(namespace)
            || ruleExemptNamespaces.getOrDefault(rule, Set.of()).contains(namespace));
  }

  /** An image longer than any valid reference is never exempt: RG000 refuses it anyway. */
  public boolean exemptImage(String image) {
    return image.length() <= ImageReference.LENGTH_MAX
        && exemptImages.stream().anyMatch(p -> BoundedMatch.matches(p, image));
  }

  public static Builder builder() {
    return new Builder();
  }

  public static PolicyConfig defaults() {
    return builder().build();
  }

  /** Turns a glob such as {@code registry.local/*} into a whole-string regex. */
  public static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Defaults as in the README's configuration table. */
  public static final class Builder {
    private final Map<RuleId, Mode> modes = new EnumMap<>(RuleId.class);
    private Mode serviceWithoutSelector = Mode.WARN;
    private Set<String> mutableTags = Set.of("latest");
    private List<Pattern> mutableTagPatterns = List.of();
    private boolean digestOnly;
    private int minReadySecondsFloor = 10;
    private int minReadySecondsMax = 3600;
    private int canaryMinReadySecondsFloor = 10;
    private Set<String> requiredSelectorKeys = Set.of();
    private Set<String> exemptNamespaces = DEFAULT_EXEMPT_NAMESPACES;
    private Map<RuleId, Set<String>> ruleExemptNamespaces = Map.of();
    private List<Pattern> exemptImages = List.of();
    private Trust trust = Trust.BUILT_IN_ONLY;

    public Builder mode(RuleId rule, Mode mode) {
      modes.put(rule, mode);
      return this;
    }

    public Builder serviceWithoutSelector(Mode mode) {
      this.serviceWithoutSelector = mode;
      return this;
    }

    public Builder mutableTags(Set<String> tags) {
      this.mutableTags = tags;
      return this;
    }

    public Builder mutableTagPatterns(List<Pattern> patterns) {
      this.mutableTagPatterns = patterns;
      return this;
    }

    public Builder digestOnly(boolean digestOnly) {
      this.digestOnly = digestOnly;
      return this;
    }

    public Builder minReadySeconds(int floor, int max) {
      this.minReadySecondsFloor = floor;
      this.minReadySecondsMax = max;
      return this;
    }

    public Builder canaryMinReadySecondsFloor(int floor) {
      this.canaryMinReadySecondsFloor = floor;
      return this;
    }

    public Builder requiredSelectorKeys(Set<String> keys) {
      this.requiredSelectorKeys = keys;
      return this;
    }

    public Builder exemptNamespaces(Set<String> namespaces) {
      this.exemptNamespaces = namespaces;
      return this;
    }

    public Builder ruleExemptNamespaces(Map<RuleId, Set<String>> namespaces) {
      this.ruleExemptNamespaces = namespaces;
      return this;
    }

    public Builder exemptImages(List<Pattern> patterns) {
      this.exemptImages = patterns;
      return this;
    }

    public Builder trust(Trust trust) {
      this.trust = trust;
      return this;
    }

    public PolicyConfig build() {
      return new PolicyConfig(
          modes,
          serviceWithoutSelector,
          mutableTags,
          mutableTagPatterns,
          digestOnly,
          minReadySecondsFloor,
          minReadySecondsMax,
          canaryMinReadySecondsFloor,
          requiredSelectorKeys,
          exemptNamespaces,
          ruleExemptNamespaces,
          exemptImages,
          trust);
    }
  }
}
