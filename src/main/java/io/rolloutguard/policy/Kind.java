package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rolloutguard.api.RolloutPolicy;
import java.util.Arrays;
import java.util.Optional;

/** A kind some rule covers: how the API names it and which model class reads it. */
public enum Kind {
  DEPLOYMENT("apps", "Deployment", "deployments", Deployment.class),
  REPLICA_SET("apps", "ReplicaSet", "replicasets", ReplicaSet.class),
  STATEFUL_SET("apps", "StatefulSet", "statefulsets", StatefulSet.class),
  DAEMON_SET("apps", "DaemonSet", "daemonsets", DaemonSet.class),
  REPLICATION_CONTROLLER(
      "", "ReplicationController", "replicationcontrollers", ReplicationController.class),
  JOB("batch", "Job", "jobs", Job.class),
  CRON_JOB("batch", "CronJob", "cronjobs", CronJob.class),
  POD("", "Pod", "pods", Pod.class),
  SERVICE("", "Service", "services", Service.class),
  ROLLOUT_POLICY(RolloutPolicy.GROUP, "RolloutPolicy", "rolloutpolicies", RolloutPolicy.class);

  private final String group;
  private final String kind;
  private final String resource;
  private final Class<? extends HasMetadata> type;

  Kind(String group, String kind, String resource, Class<? extends HasMetadata> type) {
    this.group = group;
    this.kind = kind;
    this.resource = resource;
    this.type = type;
  }

  /** The API group, empty for the core group. */
  public String group() {
    return group;
  }

  /** The only version served: v1, or the CRD's. */
  public String version() {
    return this == ROLLOUT_POLICY ? RolloutPolicy.VERSION : "v1";
  }

  /** As in {@code kind:}, for example {@code Deployment}. */
  public String kindName() {
    return kind;
  }

  /** The plural resource, as webhook and policy rules name it. */
  public String resource() {
    return resource;
  }

  public Class<? extends HasMetadata> type() {
    return type;
  }

  /** For example {@code apps/v1/Deployment}, or {@code v1/Pod} for the core group. */
  public String gvk() {
    return (group.isEmpty() ? "" : group + "/") + version() + "/" + kind;
  }

  public static Optional<Kind> ofGvk(String gvk) {
    return Arrays.stream(values()).filter(k -> k.gvk().equals(gvk)).findFirst();
  }

  /** By the object's own {@code kind}, as cached objects carry it. */
  public static Optional<Kind> ofName(String kindName) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kindName)).findFirst();
  }
}
