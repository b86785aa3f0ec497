package io.rolloutguard.celpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolloutguard.policy.ImageReference;
import io.rolloutguard.policy.InvalidImageReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The RE2 regexes accept exactly what ImageReference.parse accepts. The syntax they use reads the
 * same in java.util.regex, so the grammar is checked here over every combination of tricky parts.
 */
class ImageGrammarTest {

  private static final Pattern REFERENCE = Pattern.compile(ImageGrammar.REFERENCE);
  private static final Pattern NAME_LENGTH = Pattern.compile(ImageGrammar.NAME_LENGTH);

  static boolean regexAccepts(String image) {
    return REFERENCE.matcher(image).find() && NAME_LENGTH.matcher(image).find();
  }

  static boolean parserAccepts(String image) {
    try {
      ImageReference.parse(image);
      return true;
    } catch (InvalidImageReferenceException e) {
      return false;
    }
  }

  @Test
  void regexAndParserAgreeOnEveryCombination() {
    String hex64 = "a".repeat(64);
    List<String> domains =
        List.of(
            "",
            "localhost/",
            "localhost:5000/",
            "Foo/",
            "foo.bar/",
            "a_b.c/",
            "[::1]:5000/",
            "[::1]/",
            "host:5000/",
            "Host/",
            "-bad.com/",
            "foo/",
            "foo-/",
            "a.b-c.d:1/",
            "x:/");
    List<String> paths =
        List.of(
            "app",
            "a/b",
            "A",
            "a__b",
            "a___b",
            "a..b",
            "a.b",
            "a-b",
            "a--b",
            "-a",
            "a_",
            "",
            "a/B",
            "a.b/c_d",
            "localhost",
            "a:b");
    List<String> tags =
        List.of(
            "",
            ":v1",
            ":latest",
            ":-x",
            ":_x",
            ":" + "x".repeat(128),
            ":" + "x".repeat(129),
            ":Vee.1-2",
            ":",
            ":a/b");
    List<String> digests =
        List.of(
            "",
            "@sha256:" + hex64,
            "@sha256:" + "a".repeat(63),
            "@sha256:" + "A".repeat(64),
            "@md5:" + "a".repeat(32),
            "@sha512:" + "b".repeat(128),
            "@sha384:" + "c".repeat(96),
            "@",
            "@sha256:" + hex64 + "@x");
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    for (String d : domains) {
      for (String p : paths) {
        for (String t : tags) {
          for (String g : digests) {
            String image = d + p + t + g;
            boolean parser = parserAccepts(image);
            accepted += parser ? 1 : 0;
            if (parser != regexAccepts(image)) {
              disagreements.add(image + " parser=" + parser);
            }
          }
        }
      }
    }

    assertEquals(List.of(), disagreements);
    assertTrue(accepted > 100, "the corpus has valid references too: " + accepted);
  }

  @Test
  void nameLengthLimitIsTheParsersWithPortsTagsAndDigests() {
    String hex64 = "a".repeat(64);
    for (int length = 250; length <= 260; length++) {
      String name = "registry.local:5000/" + "a".repeat(length - 20);
      for (String suffix : List.of("", ":v1", "@sha256:" + hex64, ":v1@sha256:" + hex64)) {
        String image = name + suffix;
        assertEquals(parserAccepts(image), regexAccepts(image), image.length() + " " + suffix);
      }
    }
  }

  @Test
  void spacesAndEmptinessAreInvalidForBoth() {
    for (String image : List.of("", " app", "app ", "app\n", "a pp", "\tapp")) {
      assertEquals(false, parserAccepts(image), image);
      assertEquals(false, regexAccepts(image), image);
    }
  }
}
