package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.InvalidImageRule;

/** InvalidImageRule in CEL: every image is a valid reference of a valid length. */
final class InvalidImageCel {

  private InvalidImageCel() {}

  /** The container {@code c} has a valid image. */
  static String validImage(String c) {
    return "(has("
        + c
        + ".image) && "
        + c
        + ".image.matches("
        + Cel.string(ImageGrammar.REFERENCE)
        + ") && "
        + c
        + ".image.matches("
        + Cel.string(ImageGrammar.NAME_LENGTH)
        + "))";
  }

  static CelCheck check() {
    return CelChecks.perContainer(
        InvalidImageRule.SPEC.id(), "an image is invalid", "!" + validImage("c"), false);
  }
}
