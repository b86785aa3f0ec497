package io.rolloutguard.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.rolloutguard.audit.ObjectAuditor;
import io.rolloutguard.audit.PolicyReports;
import io.rolloutguard.audit.Report;
import io.rolloutguard.audit.ReportBuilder;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.policy.Workloads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of one full background audit on the leader: {@code objects} Deployments (a quarter on
 * {@code :latest} with IfNotPresent) in namespaces of 100, with RG002's overlap check reading a
 * cache of the same objects. Prints the reports' count and largest written size once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditBenchmark {

  @Param({"1000", "10000"})
  public int objects;

  private final ObjectMapper mapper =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private ReportBuilder builder;
  private List<HasMetadata> workloads;
  private ClusterFacts cluster;

  @Setup
  public void setUp() throws Exception {
    builder =
        new ReportBuilder(
            new ObjectAuditor(PolicyEngine.standard(PolicyConfig.defaults()), mapper),
            mapper,
            800_000);
    workloads = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      String image = i % 4 == 0 ? "luksa/kubia:latest" : "luksa/kubia:v" + i;
      workloads.add(deployment("ns-" + i / 100, "app-" + i, image));
    }
    cluster = new Cache(workloads);
    Map<String, List<Report>> reports = builder.build(workloads, cluster);
    int count = 0;
    int largest = 0;
    for (List<Report> list : reports.values()) {
      for (Report r : list) {
        count++;
        largest =
            Math.max(
                largest, mapper.writeValueAsBytes(PolicyReports.render(r, Instant.now())).length);
      }
    }
    System.out.printf(
        "%n%d objects: %d reports, the largest %d bytes written%n", objects, count, largest);
  }

  @Benchmark
  public Object fullAudit() {
    return builder.build(workloads, cluster);
  }

  private static HasMetadata deployment(String namespace, String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withMinReadySeconds(10)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/")
        .withPort(new IntOrString(8080))
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** As WorkloadCache answers: the namespace's workloads from an index, summarised per call. */
  private record Cache(Map<String, List<HasMetadata>> byNamespace) implements ClusterFacts {

    Cache(List<HasMetadata> objects) {
      this(
          objects.stream()
              .collect(
                  java.util.stream.Collectors.groupingBy(o -> o.getMetadata().getNamespace())));
    }

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public boolean synced() {
      return true;
    }

    @Override
    public List<WorkloadSummary> workloads(String namespace) {
      List<WorkloadSummary> result = new ArrayList<>();
      for (HasMetadata o : byNamespace.getOrDefault(namespace, List.of())) {
        Workloads.selector(o)
            .ifPresent(
                ref ->
                    result.add(
                        new WorkloadSummary(
                            o.getKind(),
                            o.getMetadata().getName(),
                            ref.selector(),
                            ref.templateLabels())));
      }
      return result;
    }
  }
}
