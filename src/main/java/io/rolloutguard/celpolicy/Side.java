package io.rolloutguard.celpolicy;

/**
 * The two objects of an admission request: the new one, and on UPDATE the stored one. Each has its
 * own set of variables, so a check is written once as a function of the side.
 */
enum Side {
  NEW("object", ""),
  OLD("oldObject", "old");

  /** The CEL name of this side's object. */
  final String object;

  private final String prefix;

  Side(String object, String prefix) {
    this.object = object;
    this.prefix = prefix;
  }

  /**
   * This side's name for the variable {@code name}: {@code matchLabels}, {@code oldMatchLabels}.
   */
  String name(String name) {
    return prefix.isEmpty()
        ? name
        : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** A reference to this side's variable {@code name}. */
  String var(String name) {
    return "variables." + name(name);
  }
}
