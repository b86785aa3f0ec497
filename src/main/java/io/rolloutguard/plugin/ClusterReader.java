package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rolloutguard.api.RolloutPolicy;
import java.util.List;

/** The reads behind get and list: a few requests, each scoped as narrowly as the API allows. */
final class ClusterReader {

  private ClusterReader() {}

  static RolloutPolicy policy(KubeAccess k, String name) {
    RolloutPolicy policy =
        k.client().resources(RolloutPolicy.class).inNamespace(k.namespace()).withName(name).get();
    if (policy == null) {
      throw notFound(k, name);
    }
    return policy;
  }

  /**
   * Not found: the policy, or the RolloutPolicy kind itself (a GET of a missing kind is a 404 too,
   * so a list tells the two apart).
   */
  static PluginException notFound(KubeAccess k, String name) {
    try {
      k.client()
          .resources(RolloutPolicy.class)
          .inNamespace(k.namespace())
          .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return new PluginException(
            "the cluster at "
                + k.server()
                + " serves no RolloutPolicy (rolloutpolicies.rolloutguard.io): is rollout-guard"
                + " installed?");
      }
      throw e;
    }
    return new PluginException(
        "rolloutpolicy \"" + name + "\" not found in namespace \"" + k.namespace() + "\"");
  }

  static RolloutView view(KubeAccess k, RolloutPolicy policy) {
    String target = RolloutView.target(policy);
    Deployment deployment =
        target == null
            ? null
            : k.client().apps().deployments().inNamespace(k.namespace()).withName(target).get();
    if (deployment == null) {
      return RolloutView.assemble(policy, null, List.of(), List.of());
    }
    LabelSelector selector = deployment.getSpec().getSelector();
    List<ReplicaSet> replicaSets =
        k.client()
            .apps()
            .replicaSets()
            .inNamespace(k.namespace())
            .withLabelSelector(selector)
            .list()
            .getItems();
    List<Pod> pods =
        k.client().pods().inNamespace(k.namespace()).withLabelSelector(selector).list().getItems();
    return RolloutView.assemble(policy, deployment, replicaSets, pods);
  }

  static List<RolloutPolicy> list(KubeAccess k, boolean allNamespaces) {
    var resources = k.client().resources(RolloutPolicy.class);
    try {
      return allNamespaces
          ? resources.inAnyNamespace().list().getItems()
          : resources.inNamespace(k.namespace()).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new PluginException(
            "the cluster at "
                + k.server()
                + " serves no RolloutPolicy (rolloutpolicies.rolloutguard.io): is rollout-guard"
                + " installed?");
      }
      throw e;
    }
  }
}
