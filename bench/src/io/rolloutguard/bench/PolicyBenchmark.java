package io.rolloutguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolloutguard.admission.AdmissionMetrics;
import io.rolloutguard.admission.AdmissionService;
import io.rolloutguard.admission.ReviewRequest;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Server-side cost of one review of a typical Deployment (the kubia fixture with a mutable tag):
 * the rules alone, and the whole path from request bytes to response object without HTTP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBenchmark {

  private final ObjectMapper mapper = new ObjectMapper();
  private PolicyEngine engine;
  private AdmissionService service;
  private byte[] review;
  private Deployment deployment;

  @Setup
  public void setUp() throws IOException {
    engine = PolicyEngine.standard(PolicyConfig.defaults());
    service =
        new AdmissionService(
            engine, ClusterFacts.NONE, new AdmissionMetrics(new SimpleMeterRegistry()), mapper);
    try (InputStream in =
        getClass().getResourceAsStream("/admission/deployment-update-v1-to-latest.json")) {
      review = in.readAllBytes();
    }
    deployment =
        mapper.treeToValue(mapper.readTree(review).at("/request/object"), Deployment.class);
  }

  @Benchmark
  public Object validateRulesOnly() {
    return engine.validate(deployment, null, "default", ClusterFacts.NONE);
  }

  @Benchmark
  public Object mutateReview() {
    ReviewRequest request = service.read(review);
    return service.mutate(request);
  }

  @Benchmark
  public Object validateReview() {
    ReviewRequest request = service.read(review);
    return service.validate(request);
  }
}
