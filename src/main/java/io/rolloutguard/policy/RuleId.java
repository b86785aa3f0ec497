package io.rolloutguard.policy;

/** Stable rule IDs: they appear in messages, warnings, metric labels, exemptions and docs. */
public enum RuleId {
  RG000("invalid-image"),
  RG001("mutable-tag-pull-policy"),
  RG002("selector"),
  RG003("min-ready-seconds"),
  RG004("canary-strategy"),
  RG005("known-bad-revision"),
  RG006("single-policy");

  private final String slug;

  RuleId(String slug) {
    this.slug = slug;
  }

  public String slug() {
    return slug;
  }

  /** For example {@code RG001 mutable-tag-pull-policy}. */
  public String title() {
    return name() + " " + slug;
  }
}
