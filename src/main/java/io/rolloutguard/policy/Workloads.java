package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Where each covered kind keeps its pod templates, selector and minReadySeconds. */
public final class Workloads {

  /** The controllers with a selector ({@link #selector}); a Job only with manualSelector. */
  public static final Set<Kind> SELECTOR_KINDS =
      Set.copyOf(
          EnumSet.of(
              Kind.DEPLOYMENT,
              Kind.REPLICA_SET,
              Kind.STATEFUL_SET,
              Kind.DAEMON_SET,
              Kind.REPLICATION_CONTROLLER,
              Kind.JOB));

  /** The kinds with a pod spec: those controllers' templates, a CronJob's, and a Pod's own. */
  public static final Set<Kind> POD_SPEC_KINDS = with(SELECTOR_KINDS, Kind.CRON_JOB, Kind.POD);

  /** The kinds with spec.minReadySeconds ({@link #minReadySeconds}). */
  public static final Set<Kind> MIN_READY_KINDS =
      Set.copyOf(EnumSet.of(Kind.DEPLOYMENT, Kind.REPLICA_SET, Kind.STATEFUL_SET, Kind.DAEMON_SET));

  private Workloads() {}

  private static Set<Kind> with(Set<Kind> kinds, Kind... more) {
    Set<Kind> all = EnumSet.copyOf(kinds);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  /** A selector with the pod template labels it must match. {@code selector} is null if absent. */
  public record SelectorRef(
      String path, LabelSelector selector, Map<String, String> templateLabels, String labelsPath) {}

  /** Read and write access to a workload's minReadySeconds. */
  public record MinReadySecondsRef(Supplier<Integer> getter, Consumer<Integer> setter) {
    public int value() {
      Integer v = getter.get();
      return v == null ? 0 : v;
    }
  }

  public static List<PodSpecRef> podSpecs(HasMetadata object) {
    if (object instanceof Pod p) {
      return p.getSpec() == null ? List.of() : List.of(new PodSpecRef("spec", p.getSpec()));
    }
    if (object instanceof CronJob c && c.getSpec() != null) {
      return template("spec.jobTemplate.spec.template", jobTemplate(c.getSpec().getJobTemplate()));
    }
    return template("spec.template", podTemplate(object));
  }

  /** The selector of a kind that must declare one; empty for kinds without that duty. */
  public static Optional<SelectorRef> selector(HasMetadata object) {
    if (object instanceof ReplicationController rc) {
      if (rc.getSpec() == null) {
        return Optional.of(new SelectorRef("spec.selector", null, Map.of(), labelsPath()));
      }
      Map<String, String> labels = rc.getSpec().getSelector();
      LabelSelector selector = labels == null ? null : new LabelSelector(List.of(), labels);
      return Optional.of(
          new SelectorRef(
              "spec.selector", selector, labels(rc.getSpec().getTemplate()), labelsPath()));
    }
    if (object instanceof Job job) {
      JobSpec spec = job.getSpec();
      if (spec == null || !Boolean.TRUE.equals(spec.getManualSelector())) {
        return Optional.empty();
      }
      return Optional.of(
          new SelectorRef(
              "spec.selector", spec.getSelector(), labels(spec.getTemplate()), labelsPath()));
    }
    LabelSelector selector;
    if (object instanceof Deployment d) {
      selector = d.getSpec() == null ? null : d.getSpec().getSelector();
    } else if (object instanceof ReplicaSet r) {
      selector = r.getSpec() == null ? null : r.getSpec().getSelector();
    } else if (object instanceof StatefulSet s) {
      selector = s.getSpec() == null ? null : s.getSpec().getSelector();
    } else if (object instanceof DaemonSet ds) {
      selector = ds.getSpec() == null ? null : ds.getSpec().getSelector();
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new SelectorRef("spec.selector", selector, labels(podTemplate(object)), labelsPath()));
  }

  public static Optional<MinReadySecondsRef> minReadySeconds(HasMetadata object) {
    if (object instanceof Deployment d && d.getSpec() != null) {
      return Optional.of(
          new MinReadySecondsRef(d.getSpec()::getMinReadySeconds, d.getSpec()::setMinReadySeconds));
    }
    if (object instanceof ReplicaSet r && r.getSpec() != null) {
      return Optional.of(
          new MinReadySecondsRef(r.getSpec()::getMinReadySeconds, r.getSpec()::setMinReadySeconds));
    }
    if (object instanceof StatefulSet s && s.getSpec() != null) {
      return Optional.of(
          new MinReadySecondsRef(s.getSpec()::getMinReadySeconds, s.getSpec()::setMinReadySeconds));
    }
    if (object instanceof DaemonSet ds && ds.getSpec() != null) {
      return Optional.of(
          new MinReadySecondsRef(
              ds.getSpec()::getMinReadySeconds, ds.getSpec()::setMinReadySeconds));
    }
    return Optional.empty();
  }

  /** The pod template of a kind that has one at {@code spec.template}, or null. */
  public static PodTemplateSpec podTemplate(HasMetadata object) {
    if (object instanceof Deployment d && d.getSpec() != null) {
      return d.getSpec().getTemplate();
    }
    if (object instanceof ReplicaSet r && r.getSpec() != null) {
      return r.getSpec().getTemplate();
    }
    if (object instanceof StatefulSet s && s.getSpec() != null) {
      return s.getSpec().getTemplate();
    }
    if (object instanceof DaemonSet ds && ds.getSpec() != null) {
      return ds.getSpec().getTemplate();
    }
    if (object instanceof ReplicationController rc && rc.getSpec() != null) {
      return rc.getSpec().getTemplate();
    }
    if (object instanceof Job j && j.getSpec() != null) {
      return j.getSpec().getTemplate();
    }
    return null;
  }

  private static PodTemplateSpec jobTemplate(JobTemplateSpec jobTemplate) {
    return jobTemplate == null || jobTemplate.getSpec() == null
        ? null
        : jobTemplate.getSpec().getTemplate();
  }

  private static List<PodSpecRef> template(String path, PodTemplateSpec template) {
    return template == null || template.getSpec() == null
        ? List.of()
        : List.of(new PodSpecRef(path + ".spec", template.getSpec()));
  }

  private static Map<String, String> labels(PodTemplateSpec template) {
    if (template == null || template.getMetadata() == null) {
      return Map.of();
    }
    Map<String, String> labels = template.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static String labelsPath() {
    return "spec.template.metadata.labels";
  }
}
