package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageMutabilityTest {

  private static final PolicyConfig DEFAULTS = PolicyConfig.defaults();
  private static final PolicyConfig CUSTOM =
      PolicyConfig.builder()
          .mutableTags(Set.of("latest", "stable"))
          .mutableTagPatterns(List.of(Pattern.compile(".*-SNAPSHOT")))
          .build();
  private static final PolicyConfig DIGEST_ONLY = PolicyConfig.builder().digestOnly(true).build();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // image                                   | defaults | custom | digest-only
        "luksa/kubia                               | true     | true   | true",
        "luksa/kubia:latest                        | true     | true   | true",
        "luksa/kubia:v1                            | false    | false  | true",
        "luksa/kubia:stable                        | false    | true   | true",
        "luksa/kubia:1.0-SNAPSHOT                  | false    | true   | true",
        "registry.local:5000/team/app              | true     | true   | true",
        "luksa/kubia@sha256:DIGEST                 | false    | false  | false",
        "luksa/kubia:latest@sha256:DIGEST          | false    | false  | false",
      })
  void decides(String image, boolean defaults, boolean custom, boolean digestOnly) {
    ImageReference ref = ImageReference.parse(image.replace("DIGEST", "0".repeat(64)));

    assertEquals(defaults, ImageMutability.isMutable(ref, DEFAULTS));
    assertEquals(custom, ImageMutability.isMutable(ref, CUSTOM));
    assertEquals(digestOnly, ImageMutability.isMutable(ref, DIGEST_ONLY));
  }
}
