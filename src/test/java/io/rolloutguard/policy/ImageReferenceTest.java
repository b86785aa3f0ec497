package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from the distribution reference grammar's own tests, plus Docker's domain rule. */
class ImageReferenceTest {

  private static final String SHA256 = "sha256:" + "f".repeat(64);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // reference                          | domain           | path               | tag    |
        // digest
        "test_com                             | -                | test_com           | -      | -",
        "test.com:tag                         | -                | test.com           | tag    | -",
        "test.com:5000                        | -                | test.com           | 5000   | -",
        "test.com/repo:tag                    | test.com         | repo               | tag    | -",
        "test:5000/repo                       | test:5000        | repo               | -      | -",
        "test:5000/repo:tag                   | test:5000        | repo               | tag    | -",
        "localhost/repo                       | localhost        | repo               | -      | -",
        "localhost:5000/a/b/c:1.0             | localhost:5000   | a/b/c              | 1.0    | -",
        "luksa/kubia                          | -                | luksa/kubia        | -      | -",
        "luksa/kubia:v1                       | -                | luksa/kubia        | v1     | -",
        "lowercase:Uppercase                  | -                | lowercase          | Uppercase | -",
        "sub-dom1.foo.com/bar/baz/quux        | sub-dom1.foo.com | bar/baz/quux       | -      | -",
        "foo_bar.com:8080                     | -                | foo_bar.com        | 8080   | -",
        "foo/foo_bar.com:8080                 | -                | foo/foo_bar.com    | 8080   | -",
        "a__b/c--d:e                          | -                | a__b/c--d          | e      | -",
        "[2001:db8::1]/repo                   | [2001:db8::1]    | repo               | -      | -",
        "[2001:db8::1]:5000/repo              | [2001:db8::1]:5000 | repo             | -      | -",
        "[2001:db8::1]:5000/repo:tag          | [2001:db8::1]:5000 | repo             | tag    | -",
        "[2001:db8:1:2:3:4:5:6]/repo:tag      | [2001:db8:1:2:3:4:5:6] | repo         | tag    | -",
        "[2001:db8::]:5000/repo               | [2001:db8::]:5000 | repo              | -      | -",
        "[::1]:5000/repo                      | [::1]:5000       | repo               | -      | -",
      })
  void parses(String reference, String domain, String path, String tag, String digest) {
    ImageReference ref = ImageReference.parse(reference);

    assertEquals(domain, ref.domain());
    assertEquals(path, ref.path());
    assertEquals(tag, ref.tag());
    assertEquals(digest, ref.digest());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "test:5000/repo@DIGEST                | test:5000 | repo | ",
        "test:5000/repo:tag@DIGEST            | test:5000 | repo | tag",
        "[2001:db8::1]:5000/repo@DIGEST       | [2001:db8::1]:5000 | repo | ",
      })
  void parsesDigests(String reference, String domain, String path, String tag) {
    ImageReference ref = ImageReference.parse(reference.replace("DIGEST", SHA256));

    assertEquals(domain, ref.domain());
    assertEquals(path, ref.path());
    assertEquals(tag, ref.tag());
    assertEquals(SHA256, ref.digest());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                   | empty",
        ":justtag                             | no repository name",
        "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | no repository name",
        "repo@sha256:fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | 64 hex characters, not 63",
        "validname@invaliddigest:ffffffffffffffffffffffffffffffff | unsupported",
        "repo@sha512:ffff                      | invalid",
        "Uppercase:tag                        | must be lowercase",
        "test:5000/Uppercase/lowercase:tag    | must be lowercase",
        "aa/asdf$$^/aa                        | invalid",
        "[2001:db8::1]                        | invalid",
        "[fe80::1%eth0]:5000/repo             | registry",
        "[fe80::1%@invalidzone]:5000/repo     | invalid",
        "repo:-tag                            | tag",
        "' luksa/kubia'                       | spaces",
        "repo@sha256:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF | lowercase",
      })
  void rejects(String reference, String why) {
    InvalidImageReferenceException e =
        assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(reference));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void limitsNamesTo255Characters() {
    String longest = "a/".repeat(127) + "a"; // 255 characters
    assertEquals(255, ImageReference.parse(longest + ":tag").name().length());

    String tooLong = "a/".repeat(128) + "a:tag";
    InvalidImageReferenceException e =
        assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(tooLong));
    assertTrue(e.getMessage().contains("more than 255"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void rejectsTagsLongerThan128() {
    assertEquals("t".repeat(128), ImageReference.parse("repo:" + "t".repeat(128)).tag());
    assertThrows(
        InvalidImageReferenceException.class,
        () -> ImageReference.parse("repo:" + "t".repeat(129)));
  }

  /** The longest reference the grammar allows: a 255-character name, a tag, a sha512 digest. */
  @org.junit.jupiter.api.Test
  void acceptsTheLongestValidReference() {
    String longest = "a/".repeat(127) + "a:" + "t".repeat(128) + "@sha512:" + "f".repeat(128);
    assertEquals(ImageReference.LENGTH_MAX, longest.length());
    assertEquals("f".repeat(128), ImageReference.parse(longest).digest().substring(7));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200 KB dotted digest   | x@        | a.            | 100000 | more than 520",
        "200 KB dotted name     | ''        | a.            | 100000 | more than 520",
        "200 KB tag             | repo:     | t             | 200000 | more than 520",
        "one over the bound     | repo:     | t             | 516    | more than 520",
        "long digest, short tag | r@sha512: | f             | 200    | more than 135",
        "long tag               | r:        | t             | 129    | tag",
      })
  void rejectsOverlongReferencesBeforeAnyRegex(
      String name, String prefix, String unit, int times, String why) {
    String reference = prefix + unit.repeat(times);
    InvalidImageReferenceException e =
        assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(reference));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.getMessage().length() < 1_000, "the message quotes the whole input");
  }
}
