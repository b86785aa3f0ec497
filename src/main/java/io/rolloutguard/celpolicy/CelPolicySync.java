package io.rolloutguard.celpolicy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.runtime.StartupEvent;
import io.rolloutguard.cluster.ClusterLifecycle;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.PolicyConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * With {@code rolloutguard.cel.apply=true}, server-side applies the CEL policies generated from
 * this replica's configuration at start, so they follow the configuration like the webhook does.
 * Every controller replica applies the same documents under one field manager, which is idempotent;
 * admission-only replicas have no right to write them.
 */
@ApplicationScoped
public class CelPolicySync {

  static final String FIELD_MANAGER = "rollout-guard";
  private static final Logger LOG = Logger.getLogger(CelPolicySync.class);

  private final RolloutGuardConfig config;
  private final PolicyConfig policy;
  private final ClusterLifecycle cluster;
  private final Instance<KubernetesClient> client;

  public CelPolicySync(
      RolloutGuardConfig config,
      PolicyConfig policy,
      ClusterLifecycle cluster,
      Instance<KubernetesClient> client) {
    this.config = config;
    this.policy = policy;
    this.cluster = cluster;
    this.client = client;
  }

  /** After ClusterLifecycle (default priority) has decided whether a cluster is there. */
  void onStart(@Observes @Priority(5000) StartupEvent event) {
    if (!config.cel().apply()) {
      return;
    }
    if (!config.role().controls()) {
      LOG.info("rolloutguard.cel.apply is left to the controller role: nothing applied here");
      return;
    }
    if (!cluster.connected()) {
      LOG.warn("rolloutguard.cel.apply is set but no cluster is configured: nothing applied");
      return;
    }
    Thread apply = new Thread(this::apply, "rollout-guard-cel-apply");
    apply.setDaemon(true);
    apply.start();
  }

  void apply() {
    try {
      apply(client.get(), policy);
      LOG.info("applied the CEL admission policies generated from the configuration");
    } catch (RuntimeException e) {
      LOG.errorf("could not apply the CEL admission policies: %s", e.getMessage());
    }
  }

  /** Server-side applies every generated document, taking over fields others changed. */
  public static void apply(KubernetesClient client, PolicyConfig policy) {
    for (Map<String, Object> doc : CelPolicyGenerator.generate(policy)) {
      GenericKubernetesResource resource = new GenericKubernetesResource();
      resource.setApiVersion((String) doc.get("apiVersion"));
      resource.setKind((String) doc.get("kind"));
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
      @SuppressWarnings("unchecked")
      Map<String, String> labels = (Map<String, String>) metadata.get("labels");
      resource.setMetadata(
          new ObjectMetaBuilder()
              .withName((String) metadata.get("name"))
              .withLabels(labels)
              .build());
      resource.setAdditionalProperty("spec", doc.get("spec"));
      // An explicit context: no discovery round trip, and cluster-scoped.
      String kind = resource.getKind();
      String plural = kind.toLowerCase(java.util.Locale.ROOT);
      plural =
          plural.endsWith("y") ? plural.substring(0, plural.length() - 1) + "ies" : plural + "s";
      ResourceDefinitionContext context =
          new ResourceDefinitionContext.Builder()
              .withGroup("admissionregistration.k8s.io")
              .withVersion("v1")
              .withKind(kind)
              .withPlural(plural)
              .withNamespaced(false)
              .build();
      client
          .genericKubernetesResources(context)
          .resource(resource)
          .fieldManager(FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    }
  }
}
