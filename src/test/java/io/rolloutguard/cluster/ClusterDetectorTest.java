package io.rolloutguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDetectorTest {

  @TempDir Path home;

  @Test
  void explicitSettingsWin() {
    assertTrue(ClusterDetector.enabled("true", Map.of(), Optional.empty(), home));
    assertEquals(
        false,
        ClusterDetector.enabled(
            "false", Map.of("KUBECONFIG", "/x"), Optional.of("https://x"), home));
  }

  @Test
  void autoFindsNothingOnABareMachine() {
    assertEquals(false, ClusterDetector.enabled("auto", Map.of(), Optional.empty(), home));
    assertEquals(
        false,
        ClusterDetector.enabled(
            "auto",
            Map.of("KUBECONFIG", home.resolve("missing").toString()),
            Optional.empty(),
            home));
  }

  @Test
  void autoFindsAKubeconfig() throws IOException {
    Path config = Files.createDirectories(home.resolve(".kube")).resolve("config");
    Files.writeString(config, "apiVersion: v1\nkind: Config\n");
    Path other = Files.writeString(home.resolve("other"), "apiVersion: v1\n");

    assertTrue(ClusterDetector.enabled("AUTO", Map.of(), Optional.empty(), home));
    assertTrue(
        ClusterDetector.enabled(
            "auto",
            Map.of("KUBECONFIG", home.resolve("nope") + ":" + other),
            Optional.empty(),
            Path.of("/nonexistent")));
  }

  @Test
  void autoFindsAConfiguredApiServer() {
    assertTrue(
        ClusterDetector.enabled("auto", Map.of(), Optional.of("https://127.0.0.1:6443"), home));
  }

  @Test
  void rejectsOtherValuesClearly() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterDetector.enabled("maybe", Map.of(), Optional.empty(), home));
    assertTrue(e.getMessage().contains("true, false or auto"));
  }
}
