package io.rolloutguard.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference parsed by the distribution reference grammar
 * (github.com/distribution/reference), with Docker's rule for telling a domain from a path: the
 * first component is a domain only if it has a '.' or ':', is {@code localhost}, or has uppercase.
 *
 * <p>Tenants choose the input, so the length is checked before any regex, and the regexes use
 * possessive quantifiers where the grammar never needs to give characters back: a 200 KB {@code
 * x@a.a.a...} once overflowed the stack in the digest regex.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

  static final int NAME_TOTAL_LENGTH_MAX = 255;
  static final int TAG_LENGTH_MAX = 128;

  /** The longest supported digest: {@code sha512:} and 128 hex characters. */
  static final int DIGEST_LENGTH_MAX = "sha512:".length() + 128;

  /** A name, ':' and a tag, '@' and a digest, each at its longest. */
  public static final int LENGTH_MAX =
      NAME_TOTAL_LENGTH_MAX + 1 + TAG_LENGTH_MAX + 1 + DIGEST_LENGTH_MAX;

  // Separators and alphanumerics never overlap, so each run is taken whole (possessive).
  private static final String ALPHANUMERIC = "[a-z0-9]++";
  private static final String SEPARATOR = "(?:[._]|__|-++)";
  private static final String PATH_COMPONENT =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*+";

  /** Letters, digits and '-', starting and ending with a letter or digit. */
  private static final String DOMAIN_COMPONENT = "[a-zA-Z0-9]++(?:-++[a-zA-Z0-9]++)*+";

  private static final String IPV6 = "\\[[a-fA-F0-9:]++\\]";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*+|" + IPV6 + ")";
  private static final Pattern DOMAIN = Pattern.compile(HOST + "(?::[0-9]++)?");
  private static final Pattern PATH =
      Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*+");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}+");
  private static final Pattern DIGEST =
      Pattern.compile(
          "([A-Za-z][A-Za-z0-9]*+(?:[-_+.][A-Za-z][A-Za-z0-9]*+)*+):([0-9a-fA-F]{32,}+)");
  private static final Map<String, Integer> DIGEST_HEX_LENGTHS =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128);

  public Optional<String> tagValue() {
    return Optional.ofNullable(tag);
  }

  public Optional<String> digestValue() {
    return Optional.ofNullable(digest);
  }

  /** The repository name as written: domain (if any) and path. */
  public String name() {
    return domain == null ? path : domain + "/" + path;
  }

  public static ImageReference parse(String reference) {
    if (reference == null || reference.isEmpty()) {
      throw new InvalidImageReferenceException("image reference is empty");
    }
    if (reference.length() > LENGTH_MAX) {
      throw new InvalidImageReferenceException(
          "image reference is "
              + reference.length()
              + " characters, more than "
              + LENGTH_MAX
              + " (a 255-character name, a 128-character tag and a sha512 digest)");
    }
    if (!reference.strip().equals(reference)) {
      throw new InvalidImageReferenceException("image reference has leading or trailing spaces");
    }
    String rest = reference;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = validateDigest(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastColon = rest.lastIndexOf(':');
    if (lastColon > rest.lastIndexOf('/') && lastColon > rest.lastIndexOf(']')) {
      tag = rest.substring(lastColon + 1);
      rest = rest.substring(0, lastColon);
      if (tag.length() > TAG_LENGTH_MAX || !TAG.matcher(tag).matches()) {
        throw new InvalidImageReferenceException(
            "tag \"" + tag + "\" is invalid: use letters, digits, '_', '.', '-' (at most 128)");
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidImageReferenceException("image reference has no repository name");
    }
    if (rest.length() > NAME_TOTAL_LENGTH_MAX) {
      throw new InvalidImageReferenceException(
          "repository name is "
              + rest.length()
              + " characters, more than "
              + NAME_TOTAL_LENGTH_MAX);
    }
    String domain = null;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0 && isDomain(rest.substring(0, slash))) {
      domain = rest.substring(0, slash);
      path = rest.substring(slash + 1);
      if (!DOMAIN.matcher(domain).matches()) {
        throw new InvalidImageReferenceException(
            "registry \"" + domain + "\" is invalid: expected host[:port] or [IPv6]:port");
      }
    }
    if (!PATH.matcher(path).matches()) {
      if (PATH.matcher(path.toLowerCase(Locale.ROOT)).matches()) {
        throw new InvalidImageReferenceException(
            "repository name \"" + path + "\" must be lowercase");
      }
      throw new InvalidImageReferenceException(
          "repository name \""
              + path
              + "\" is invalid: use lowercase letters, digits and"
              + " separators ('.', '_', '__', '-') between '/'-separated components");
    }
    return new ImageReference(domain, path, tag, digest);
  }

  private static boolean isDomain(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.toLowerCase(Locale.ROOT).equals(first);
  }

  private static String validateDigest(String digest) {
    if (digest.length() > DIGEST_LENGTH_MAX) {
      throw new InvalidImageReferenceException(
          "digest is "
              + digest.length()
              + " characters, more than "
              + DIGEST_LENGTH_MAX
              + " (sha512:<128 hex>)");
    }
    Matcher m = DIGEST.matcher(digest);
    if (!m.matches()) {
      throw new InvalidImageReferenceException(
          "digest \""
              + digest
              + "\" is invalid: expected algorithm:hex, for example sha256:<64 hex>");
    }
    Integer length = DIGEST_HEX_LENGTHS.get(m.group(1));
    if (length == null) {
      throw new InvalidImageReferenceException(
          "digest algorithm \"" + m.group(1) + "\" is unsupported: use sha256, sha384 or sha512");
    }
    String hex = m.group(2);
    if (hex.length() != length) {
      throw new InvalidImageReferenceException(
          m.group(1) + " digest must have " + length + " hex characters, not " + hex.length());
    }
    if (!hex.equals(hex.toLowerCase(Locale.ROOT))) {
      throw new InvalidImageReferenceException("digest hex must be lowercase");
    }
    return digest;
  }
}
