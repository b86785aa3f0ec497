package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of {@link ImageReference#parse}. A plain {@code mvn test} replays the
 * inputs in {@code ImageReferenceFuzzTestInputs/}; {@code bench/run-fuzz.sh} fuzzes it.
 *
 * <p>Properties: the only exception is {@link InvalidImageReferenceException}; an accepted
 * reference is exactly its parts written back ({@code name[:tag][@digest]}), parses again to the
 * same parts, and each part keeps the grammar's limits.
 */
class ImageReferenceFuzzTest {

  @FuzzTest
  void parse(byte[] input) {
    String image = new String(input, StandardCharsets.UTF_8);
    ImageReference ref;
    try {
      ref = ImageReference.parse(image);
    } catch (InvalidImageReferenceException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message says why");
      return;
    }
    String written =
        ref.name()
            + ref.tagValue().map(t -> ":" + t).orElse("")
            + ref.digestValue().map(d -> "@" + d).orElse("");
    assertEquals(image, written, "an accepted reference is its parts written back");
    assertEquals(ref, ImageReference.parse(written), "parsing is stable");
    assertTrue(ref.name().length() <= ImageReference.NAME_TOTAL_LENGTH_MAX, "name length");
    assertEquals(ref.path().toLowerCase(Locale.ROOT), ref.path(), "paths are lowercase");
    ref.tagValue().ifPresent(t -> assertTrue(t.length() <= 128, "tag length"));
    ref.digestValue()
        .ifPresent(d -> assertTrue(d.matches("sha(256|384|512):[0-9a-f]+"), "digest " + d));
  }
}
