package io.rolloutguard.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolloutguard.api.RolloutPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The get view over fixtures: each CASE.yaml renders exactly as CASE.txt, without colour. */
class GetViewTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"paused-at-step-1", "manual-pause-crashloop", "rolled-back", "target-missing"})
  void rendersAsExpected(String name) {
    String actual =
        String.join("\n", GetView.render(Fixtures.view(name), Fixtures.NOW, Style.PLAIN)) + "\n";
    if (!Fixtures.regenerate(name + ".txt", actual)) {
      assertEquals(Fixtures.read(name + ".txt"), actual);
    }
  }

  @Test
  void theTimerCountsDownAndEndsPromoting() {
    RolloutView view = Fixtures.view("paused-at-step-1");
    assertTrue(line(view, Fixtures.NOW, "Pause:").endsWith("18s left of 30s"));
    assertTrue(
        line(view, Fixtures.NOW.plusSeconds(17), "Pause:").endsWith("1s left of 30s"),
        "a part second counts as a second left");
    assertTrue(
        line(view, Fixtures.NOW.plusSeconds(18), "Pause:").endsWith("30s elapsed: promoting"));
  }

  @Test
  void ownershipIsByOwnerReferenceNotByLabels() {
    RolloutView view = Fixtures.view("paused-at-step-1");
    assertEquals(4, view.pods().size());
    assertTrue(view.pods().stream().noneMatch(p -> p.getMetadata().getName().equals("other-1")));
    assertEquals(3, view.replicaSets().size());
  }

  @Test
  void colourOnlyWhenAsked() {
    RolloutView view = Fixtures.view("rolled-back");
    String plain = String.join("\n", GetView.render(view, Fixtures.NOW, Style.PLAIN));
    String ansi = String.join("\n", GetView.render(view, Fixtures.NOW, Style.ANSI));
    assertFalse(plain.contains("\u001b["));
    assertTrue(ansi.contains("\u001b[31m✖ RolledBack\u001b[0m"), ansi);
    assertTrue(ansi.contains("\u001b[32m✔ Ready\u001b[0m"), ansi);
    assertEquals(plain, ansi.replaceAll("\u001b\\[[0-9;]*m", ""), "colour changes no column");
  }

  @Test
  void colourFollowsTheTerminalAndNoColor() {
    assertTrue(Style.detect(true, java.util.Map.of()).colour());
    assertFalse(Style.detect(false, java.util.Map.of()).colour());
    assertFalse(Style.detect(true, java.util.Map.of("NO_COLOR", "")).colour());
    assertFalse(Style.detect(true, java.util.Map.of("TERM", "dumb")).colour());
  }

  @Test
  void listsPoliciesAcrossNamespaces() {
    List<RolloutPolicy> policies =
        List.of("paused-at-step-1", "manual-pause-crashloop", "rolled-back", "target-missing")
            .stream()
            .map(n -> Fixtures.view(n).policy())
            .toList();
    String actual =
        String.join("\n", ListView.render(policies, true, Fixtures.NOW, Style.PLAIN)) + "\n";
    if (!Fixtures.regenerate("list-all-namespaces.txt", actual)) {
      assertEquals(Fixtures.read("list-all-namespaces.txt"), actual);
    }
    String one = ListView.render(policies.subList(0, 1), false, Fixtures.NOW, Style.PLAIN).get(0);
    assertTrue(one.startsWith("NAME "), "no NAMESPACE column without -A: " + one);
  }

  private static String line(RolloutView view, java.time.Instant now, String label) {
    return GetView.render(view, now, Style.PLAIN).stream()
        .filter(l -> l.startsWith(label))
        .findFirst()
        .orElseThrow();
  }
}
