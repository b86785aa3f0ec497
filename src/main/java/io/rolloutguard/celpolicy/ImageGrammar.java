package io.rolloutguard.celpolicy;

/**
 * {@link io.rolloutguard.policy.ImageReference#parse} as RE2 regexes for CEL's {@code matches}.
 *
 * <p>The parser picks a domain the Docker way: the first '/'-separated component is a domain only
 * if it has a '.' or ':', is {@code localhost} or has uppercase; otherwise the whole name is a
 * path. A path component without '.' is exactly a path component that cannot be taken for a domain,
 * so "a domain then a path, or a dotless component then more path, or one component" accepts the
 * same names without lookahead (which RE2 lacks). The tag is what follows the last ':' after the
 * last '/' and a digest follows the only '@', so the split is unique and the name's 255-character
 * limit is a second regex.
 */
final class ImageGrammar {

  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
  private static final String DOTLESS_PATH_COMPONENT = "[a-z0-9]+(?:(?:_|__|[-]+)[a-z0-9]+)*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
  private static final String DOMAIN = HOST + "(?::[0-9]+)?";
  private static final String PATH = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  static final String TAG = "[\\w][\\w.-]{0,127}";

  /** Supported algorithms with their exact lowercase hex lengths, as ImageReference checks. */
  private static final String DIGEST =
      "(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})";

  static final String REFERENCE =
      "^(?:"
          + DOMAIN
          + "/"
          + PATH
          + "|"
          + DOTLESS_PATH_COMPONENT
          + "(?:/"
          + PATH_COMPONENT
          + ")+|"
          + PATH_COMPONENT
          + ")(?::"
          + TAG
          + ")?(?:@"
          + DIGEST
          + ")?\\z";

  /** The name (domain and path) is at most 255 characters long. */
  static final String NAME_LENGTH = "^.{0,255}(?::" + TAG + ")?(?:@.*)?\\z";

  private ImageGrammar() {}
}
