package io.rolloutguard.tls;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The mock API server starts with the two webhook configurations from manifests/base. */
public class WebhookConfigsSetup implements Consumer<KubernetesServer> {

  @Override
  public void accept(KubernetesServer server) {
    try (InputStream in = Files.newInputStream(Path.of("manifests/base/webhooks.yaml"))) {
      for (HasMetadata item : server.getClient().load(in).items()) {
        server.getClient().resource(item).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
