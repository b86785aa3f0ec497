package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the standard rules cover, derived from their specs: the kinds admission types (any other
 * kind passes unchanged), and the rules that need the cluster's state.
 */
public final class Coverage {

  private static final List<RuleSpec> SPECS =
      PolicyEngine.standard(PolicyConfig.defaults()).specs();

  private static final Set<Kind> KINDS = kinds(SPECS);

  private Coverage() {}

  public static List<RuleSpec> specs() {
    return SPECS;
  }

  /** Every kind some rule covers. */
  public static Set<Kind> kinds() {
    return KINDS;
  }

  /** The kinds that the rules needing no cluster state cover: what the CEL policies match. */
  public static Set<Kind> statelessKinds() {
    return kinds(SPECS.stream().filter(s -> !s.needsClusterState()).toList());
  }

  /** The covered kind of this group/version/kind, such as {@code apps/v1/Deployment}. */
  public static Optional<Kind> kindOf(String gvk) {
    return Kind.ofGvk(gvk).filter(KINDS::contains);
  }

  /** The model class of a covered kind; empty for any other kind, which passes unchanged. */
  public static Optional<Class<? extends HasMetadata>> typeOf(String gvk) {
    return kindOf(gvk).map(Kind::type);
  }

  /** True for the bare name of a covered kind, such as {@code Deployment}. */
  public static boolean isCoveredKindName(String kind) {
    return Kind.ofName(kind).filter(KINDS::contains).isPresent();
  }

  /** The specs of what {@code check} cannot evaluate offline, for example RG002's overlap. */
  public static List<RuleSpec> needingClusterState() {
    return SPECS.stream().filter(RuleSpec::needsClusterState).toList();
  }

  private static Set<Kind> kinds(List<RuleSpec> specs) {
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    specs.forEach(s -> kinds.addAll(s.kinds()));
    return Set.copyOf(kinds);
  }
}
