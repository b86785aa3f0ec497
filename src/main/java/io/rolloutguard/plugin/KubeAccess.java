package io.rolloutguard.plugin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.util.Objects;

/**
 * A plain fabric8 client from the kubeconfig flags, resolved as kubectl resolves them: {@code
 * --kubeconfig}, else {@code KUBECONFIG} (several files merged), else ~/.kube/config; {@code
 * --context}, else the current context; {@code -n}, else the context's namespace, else default.
 */
record KubeAccess(KubernetesClient client, String namespace) implements AutoCloseable {

  static KubeAccess connect(PluginArguments args) {
    Config config;
    try {
      if (args.kubeconfig() != null) {
        File file = new File(args.kubeconfig());
        if (!file.isFile()) {
          throw new PluginException("--kubeconfig " + args.kubeconfig() + ": no such file");
        }
        config = Config.fromKubeconfig(args.context(), file);
      } else {
        config = Config.autoConfigure(args.context());
      }
    } catch (KubernetesClientException e) {
      throw new PluginException("cannot read the kubeconfig: " + Errors.oneLine(e));
    }
    if (args.context() != null
        && config.getContexts().stream().noneMatch(c -> args.context().equals(c.getName()))) {
      throw new PluginException("context \"" + args.context() + "\" not found in the kubeconfig");
    }
    // A CLI fails fast and lets the user run it again; fabric8's default retries a refused
    // connection ten times with backoff, which reads as a hang.
    config.setRequestRetryBackoffLimit(0);
    String namespace =
        args.namespace() != null
            ? args.namespace()
            : Objects.requireNonNullElse(config.getNamespace(), "default");
    return new KubeAccess(new KubernetesClientBuilder().withConfig(config).build(), namespace);
  }

  String server() {
    return client.getConfiguration().getMasterUrl();
  }

  @Override
  public void close() {
    client.close();
  }
}
