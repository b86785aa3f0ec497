package io.rolloutguard.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether the app talks to a cluster: {@code rolloutguard.controller.enabled} is true,
 * false, or auto, which means on only when a cluster configuration is found. Without one the
 * webhook still serves, so it can run and be tried on a laptop.
 */
public final class ClusterDetector {

  static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private ClusterDetector() {}

  public static boolean enabled(
      String setting, Map<String, String> env, Optional<String> apiServerUrl, Path home) {
    return switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> configFound(env, apiServerUrl, home);
      default ->
          throw new IllegalArgumentException(
              "rolloutguard.controller.enabled must be true, false or auto, not \""
                  + setting
                  + "\"");
    };
  }

  static boolean configFound(Map<String, String> env, Optional<String> apiServerUrl, Path home) {
    if (apiServerUrl.isPresent()) {
      return true;
    }
    if (env.containsKey("KUBERNETES_SERVICE_HOST") && Files.exists(SERVICE_ACCOUNT_TOKEN)) {
      return true;
    }
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return kubeconfigFiles(kubeconfig).anyMatch(Files::isRegularFile);
    }
    return home != null && Files.isRegularFile(home.resolve(".kube").resolve("config"));
  }

  private static java.util.stream.Stream<Path> kubeconfigFiles(String value) {
    return java.util.Arrays.stream(value.split(java.io.File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(Path::of);
  }
}
