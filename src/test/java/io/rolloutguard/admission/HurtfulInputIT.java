package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged fast-jar started here, not by Quarkus' IT launcher, so that it runs with the JVM
 * flags of manifests/base/deployment.yaml (-Xmx56m -Xss256k -XX:+ExitOnOutOfMemoryError ...): the
 * reviews that killed it answer, and it still serves afterwards. The container cap is raised so
 * that 4,000 containers reach the patch diff that used to run the heap out.
 */
class HurtfulInputIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  @TempDir static Path dir;
  private static Process app;
  private static final HurtfulInputTest CLIENT = new HurtfulInputTest();

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(manifestJvmFlags());
    command.addAll(
        List.of(
            "-Drolloutguard.controller.enabled=false",
            "-Drolloutguard.warm-up.reviews=0",
            "-Drolloutguard.limits.containers=5000",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.http.ssl-port=0",
            "-jar",
            JAR.toString()));
    Path log = dir.resolve("app.log");
    app =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 600 && !Files.readString(log).contains("Listening on"); i++) {
      assertTrue(app.isAlive(), () -> "the app exited: " + read(log));
      TimeUnit.MILLISECONDS.sleep(100); // waiting for a process to start, not timing anything
    }
    assertTrue(Files.readString(log).contains("Listening on"), () -> read(log));
    CLIENT.base = URI.create("http://127.0.0.1:" + port + "/");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.destroy();
    }
  }

  /** The value of JAVA_OPTS_APPEND in the manifest, so the two cannot drift apart. */
  static List<String> manifestJvmFlags() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("manifests/base/deployment.yaml"));
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).contains("name: JAVA_OPTS_APPEND")) {
        String value = lines.get(i + 1).replaceFirst("^\\s*value:\\s*", "").replace("\"", "");
        assertTrue(value.contains("-Xss256k"), value);
        return Arrays.asList(value.trim().split("\\s+"));
      }
    }
    throw new IllegalStateException("no JAVA_OPTS_APPEND in manifests/base/deployment.yaml");
  }

  @Test
  void fourThousandContainersArePatchedOnTheShippedHeap() {
    for (int round = 0; round < 5; round++) {
      HurtfulInputTest.Answer answer = CLIENT.post("mutate", HurtfulReviews.containers(4_000));
      assertEquals(200, answer.status(), answer.text());
      assertEquals("JSONPatch", answer.response().path("patchType").asText(), answer.text());
    }
    assertStillServes();
  }

  @Test
  void imageOf200KilobytesIsDeniedOnTheShippedStack() {
    HurtfulInputTest.Answer answer = CLIENT.post("validate", HurtfulReviews.longImage(200));
    assertEquals(200, answer.status(), answer.text());
    assertFalse(answer.response().path("allowed").asBoolean(), answer.text());
    assertTrue(answer.response().at("/status/message").asText().contains("RG000"), answer.text());
    assertStillServes();
  }

  @Test
  void nestingAtTheLimitIsAnsweredOnTheShippedStack() {
    HurtfulInputTest.Answer deep = CLIENT.post("validate", HurtfulReviews.deepObject(185));
    assertTrue(deep.status() == 200 || deep.status() == 400, deep.text());
    CLIENT.badRequest(HurtfulReviews.deepArrays(100_000), "nesting depth");
    assertStillServes();
  }

  private static void assertStillServes() {
    assertTrue(app.isAlive(), "the JVM exited");
    HurtfulInputTest.Answer answer =
        CLIENT.post("validate", AdmissionClient.fixture("deployment-good-kubia-v1").toString());
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.response().path("allowed").asBoolean(), answer.text());
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
