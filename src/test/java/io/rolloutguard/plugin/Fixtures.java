package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rolloutguard.api.RolloutPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The objects of src/test/resources/plugin/CASE.yaml, and the expected CASE.txt. */
final class Fixtures {

  static final Path DIR = Path.of("src/test/resources/plugin");
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "RolloutPolicy", RolloutPolicy.class,
          "Deployment", Deployment.class,
          "ReplicaSet", ReplicaSet.class,
          "Pod", Pod.class);

  private Fixtures() {}

  static List<HasMetadata> objects(String name) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : read(name + ".yaml").split("(?m)^---$")) {
      String kind =
          doc.lines()
              .filter(l -> l.startsWith("kind: "))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no kind in " + name))
              .substring(6)
              .trim();
      objects.add(SERIALIZATION.unmarshal(doc, KINDS.get(kind)));
    }
    return objects;
  }

  static RolloutView view(String name) {
    List<HasMetadata> objects = objects(name);
    return RolloutView.assemble(
        only(objects, RolloutPolicy.class).get(0),
        only(objects, Deployment.class).stream().findFirst().orElse(null),
        only(objects, ReplicaSet.class),
        only(objects, Pod.class));
  }

  static <T> List<T> only(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static String read(String file) {
    try {
      return Files.readString(DIR.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the expected output instead of comparing, with -Dplugin.regenerate=true. */
  static boolean regenerate(String file, String actual) {
    if (!Boolean.getBoolean("plugin.regenerate")) {
      return false;
    }
    try {
      Files.writeString(DIR.resolve(file), actual);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }
}
