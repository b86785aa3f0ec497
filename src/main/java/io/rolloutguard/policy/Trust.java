package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may create objects that admission then treats as a controller's children. Decided by who
 * sends the request ({@code request.userInfo.username}), never by the object's own {@code
 * ownerReferences}, which any tenant can write: a tenant who points its Deployment at a ConfigMap
 * it owns gets every rule all the same.
 *
 * @param operators usernames of operators the platform team trusts, such as {@code
 *     system:serviceaccount:argo-rollouts:argo-rollouts}
 * @param ownerKinds {@code apiVersion/Kind} of those operators' resources (for example {@code
 *     argoproj.io/v1alpha1/Rollout}): the audit, which sees no request, skips their children
 */
public record Trust(Set<String> operators, Set<String> ownerKinds) {

  /**
   * The kube-controller-manager's identities: one ServiceAccount per controller with {@code
   * --use-service-account-credentials} (kubeadm's default), its own user without. The webhooks'
   * matchConditions list the same names (WebhookManifestTest checks it).
   */
  public static final List<String> BUILT_IN_CONTROLLERS =
      List.of(
          "system:kube-controller-manager",
          "system:serviceaccount:kube-system:replicaset-controller",
          "system:serviceaccount:kube-system:deployment-controller",
          "system:serviceaccount:kube-system:job-controller",
          "system:serviceaccount:kube-system:cronjob-controller",
          "system:serviceaccount:kube-system:statefulset-controller",
          "system:serviceaccount:kube-system:daemon-set-controller",
          "system:serviceaccount:kube-system:replication-controller");

  public static final Trust BUILT_IN_ONLY = new Trust(Set.of(), Set.of());

  public Trust {
    operators = Set.copyOf(operators);
    ownerKinds = Set.copyOf(ownerKinds);
  }

  /** Where a request came from: a trusted controller's children only warn. */
  public Origin originOf(String username) {
    return username != null
            && (BUILT_IN_CONTROLLERS.contains(username) || operators.contains(username))
        ? Origin.TRUSTED_CONTROLLER
        : Origin.TENANT;
  }

  /**
   * True when the object is left to its controller (the audit and RG002's overlap do not judge it
   * apart): that controller is one of {@code uids}, objects the caller sees (owners live in their
   * children's namespace), or a resource of a trusted operator's kind. An owner the object merely
   * names, a ConfigMap or a made-up uid, does not count.
   */
  public boolean leftToItsController(HasMetadata object, Set<String> uids) {
    return controllerOf(object)
        .filter(
            o ->
                uids.contains(o.getUid())
                    || ownerKinds.contains(o.getApiVersion() + "/" + o.getKind()))
        .isPresent();
  }

  /** The ownerReference marked {@code controller: true}, if any. A claim, not a proof. */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    if (object.getMetadata() == null || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> o != null && Boolean.TRUE.equals(o.getController()))
        .findFirst();
  }
}
