package io.rolloutguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports point down: a package uses only packages of a lower layer, never one of its own layer
 * (features do not reach into each other) nor a higher one. What Java allows and Go's compiler
 * forbids: a cycle between packages.
 */
class ImportOrderTest {

  static final Path MAIN = Path.of("src/main/java/io/rolloutguard");

  /** Layers, lowest first; the root package (Main) is wiring too. */
  static final Map<String, Integer> LAYER =
      Map.ofEntries(
          Map.entry("api", 0),
          Map.entry("policy", 1),
          Map.entry("config", 2),
          Map.entry("cluster", 3),
          Map.entry("admission", 4),
          Map.entry("rollout", 4),
          Map.entry("audit", 4),
          Map.entry("celpolicy", 4),
          Map.entry("tls", 4),
          Map.entry("check", 5),
          Map.entry("plugin", 5),
          Map.entry("wiring", 6),
          Map.entry("", 6));

  private static final Pattern REFERENCE =
      Pattern.compile("io\\.rolloutguard\\.(?:([a-z]+)\\.)?[A-Z]");

  @Test
  void everyPackageHasALayer() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      dirs.filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .forEach(p -> assertTrue(LAYER.containsKey(p), "no layer for package " + p));
    }
  }

  @Test
  void importsPointDown() throws IOException {
    assertEquals(List.of(), violations(MAIN));
  }

  /** Every reference from a package to one of its own layer or a higher one. */
  static List<String> violations(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                String from = packageOf(root, f);
                for (String to : referenced(f)) {
                  if (!to.equals(from) && LAYER.get(to) >= LAYER.get(from)) {
                    found.add(root.relativize(f) + " uses " + (to.isEmpty() ? "(root)" : to));
                  }
                }
              });
    }
    return found;
  }

  private static String packageOf(Path root, Path file) {
    Path relative = root.relativize(file.getParent());
    return relative.toString().isEmpty() ? "" : relative.getName(0).toString();
  }

  private static TreeSet<String> referenced(Path file) {
    TreeSet<String> packages = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("package ")) {
          continue;
        }
        Matcher m = REFERENCE.matcher(line);
        while (m.find()) {
          packages.add(m.group(1) == null ? "" : m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return packages;
  }
}
