package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.RuleId;

/**
 * One check of a rule as CEL, in the three forms the policies need. Each is true when the object
 * has the violation.
 *
 * @param cap the strongest outcome the check may have, as in {@code Violation.cap}
 * @param present some violation exists
 * @param fresh some violation exists that the stored object did not have (on UPDATE): the only ones
 *     that deny, as PolicyEngine grandfathers the rest
 * @param inherited some violation exists that the stored object had too
 */
record CelCheck(
    RuleId rule, Mode cap, String message, String present, String fresh, String inherited) {

  /** A check over one value of the object: it is inherited when the old object had it the same. */
  static CelCheck whole(RuleId rule, Mode cap, String message, String violated, String oldSame) {
    String old = "(variables.isUpdate && " + oldSame + ")";
    return new CelCheck(
        rule,
        cap,
        message,
        violated,
        "(" + violated + ") && !" + old,
        "(" + violated + ") && " + old);
  }

  /**
   * A check per entry of a list: an entry's violation is inherited when the old object's entry at
   * the same index (the same field path) had it with the same message.
   *
   * @param violated over {@code c}, the entry
   * @param same over the old entry and {@code c}: the old entry has the same violation
   */
  static CelCheck perEntry(
      RuleId rule,
      Mode cap,
      String message,
      String list,
      String oldList,
      String violated,
      java.util.function.UnaryOperator<String> same) {
    String old =
        "(variables.isUpdate && size(" + oldList + ") > i && " + same.apply(oldList + "[i]") + ")";
    return new CelCheck(
        rule,
        cap,
        message,
        list + ".exists(c, " + violated + ")",
        list + ".exists(i, c, (" + violated + ") && !" + old + ")",
        list + ".exists(i, c, (" + violated + ") && " + old + ")");
  }

  /** Several checks of the same rule and message that deny as one. */
  static CelCheck anyOf(CelCheck first, CelCheck... more) {
    String present = "(" + first.present + ")";
    String fresh = "(" + first.fresh + ")";
    String inherited = "(" + first.inherited + ")";
    for (CelCheck c : more) {
      present += " || (" + c.present + ")";
      fresh += " || (" + c.fresh + ")";
      inherited += " || (" + c.inherited + ")";
    }
    return new CelCheck(first.rule, first.cap, first.message, present, fresh, inherited);
  }
}
