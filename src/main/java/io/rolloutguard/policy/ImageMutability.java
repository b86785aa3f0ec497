package io.rolloutguard.policy;

/** Whether a tag can be pushed again with other content, so that nodes may run stale copies. */
public final class ImageMutability {

  private ImageMutability() {}

  /** A digest pins the content; otherwise a missing tag means latest, which is mutable. */
  public static boolean isMutable(ImageReference ref, PolicyConfig config) {
    if (ref.digest() != null) {
      return false;
    }
    if (ref.tag() == null || config.digestOnly()) {
      return true;
    }
    return config.mutableTags().contains(ref.tag())
        || config.mutableTagPatterns().stream().anyMatch(p -> BoundedMatch.matches(p, ref.tag()));
  }
}
