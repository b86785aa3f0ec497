package io.rolloutguard.check;

import static io.rolloutguard.check.Manifests.DENIED;
import static io.rolloutguard.check.Manifests.GOOD;
import static io.rolloutguard.check.Manifests.MUTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged fast-jar in command mode, as CI and pre-commit run it: {@code java -jar
 * quarkus-run.jar check ...}. That the jar without arguments still serves is what the other *IT
 * classes test.
 */
class CheckIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private Result check(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.add("check");
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check finished");
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void deniesAndExitsOneWithoutStartingTheServer() throws Exception {
    Files.writeString(dir.resolve("rs.yaml"), DENIED);
    Result result = check("", "rs.yaml");
    assertEquals(1, result.exit(), result.err());
    assertTrue(
        result.out().startsWith("rs.yaml:11: [RG002] spec.template.metadata.labels: "),
        result.out());
    assertEquals("", result.err());
    assertFalse(result.out().contains("Listening on"), "no HTTP server in command mode");
  }

  @Test
  void readsStandardInputAndWritesJson() throws Exception {
    Result result = check(GOOD + "---\n" + MUTABLE, "--output", "json", "-");
    assertEquals(0, result.exit(), result.err());
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertEquals(2, report.at("/summary/objects").asInt());
    assertEquals(1, report.at("/summary/mutated").asInt());
    assertEquals("<stdin>", report.at("/objects/1/file").asText());
  }

  @Test
  void fixesFilesInPlace() throws Exception {
    Files.writeString(dir.resolve("kubia.yaml"), MUTABLE);
    assertEquals(0, check("", "--fix", "kubia.yaml").exit());
    String fixed = Files.readString(dir.resolve("kubia.yaml"));
    assertTrue(fixed.contains("imagePullPolicy: Always"), fixed);
    Result again = check("", "kubia.yaml");
    assertEquals(0, again.exit());
    assertTrue(again.out().startsWith("1 object checked in 1 file: 0 denied"), again.out());
  }

  @Test
  void badInputAndBadConfigurationAreOneLineAndExitTwo() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "apiVersion: apps/v1\nkind: Deploymnet\n");
    Result input = check("", "bad.yaml");
    assertEquals(2, input.exit());
    assertEquals(
        "bad.yaml:1: unknown kind \"Deploymnet\" in apps/v1 (Kubernetes serves no such kind)\n",
        input.err());

    Files.writeString(dir.resolve("good.yaml"), GOOD);
    Files.writeString(dir.resolve("rg.properties"), "rolloutguard.min-ready-seconds.floor=ten\n");
    Result config = check("", "--config", "rg.properties", "good.yaml");
    assertEquals(2, config.exit());
    assertEquals(1, config.err().lines().count(), config.err());
    assertTrue(config.err().contains("rolloutguard.min-ready-seconds.floor"), config.err());
  }
}
