package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.zjsonpatch.JsonPatch;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The mutation path's patch: only what the rules changed, at a cost linear in the object. */
class PatchComputerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final PatchComputer patches = new PatchComputer(MAPPER);
  private final PolicyEngine engine = PolicyEngine.standard(PolicyConfig.defaults());

  private PatchComputer.Result<Change> mutate(Deployment deployment) {
    return patches.mutate(deployment, copy -> engine.mutate(copy, "default", ClusterFacts.NONE));
  }

  @Test
  void noChangeNoPatch() {
    PatchComputer.Result<Change> result = mutate(deployment(3, "registry.local/app:1.0"));
    assertFalse(result.changed(), () -> String.valueOf(result.patch()));
  }

  @Test
  void aChangeThatChangesNothingGivesNoPatch() {
    Deployment deployment = deployment(1, "app:1.0");
    PatchComputer.Result<String> result =
        patches.mutate(
            deployment,
            copy -> {
              copy.getMetadata().setName(copy.getMetadata().getName());
              return List.of("renamed to itself");
            });
    assertFalse(result.changed(), () -> String.valueOf(result.patch()));
  }

  /**
   * 4,000 containers on {@code :latest}: one operation per container, and the work fits the shipped
   * heap (-Xmx56m). The LCS diff this replaced allocated a 4,001 x 4,001 int table (61 MiB) for the
   * container list alone.
   */
  @Test
  void fourThousandContainersPatchedWithinTheShippedHeap() throws Exception {
    Deployment deployment = deployment(4_000, "app:latest");
    JsonNode before = MAPPER.valueToTree(deployment);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    PatchComputer.Result<Change> result = mutate(deployment);
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertTrue(result.changed());
    assertEquals(4_000, result.patch().size());
    result
        .patch()
        .forEach(
            op -> assertTrue(op.path("path").asText().endsWith("/imagePullPolicy"), op::toString));
    assertEquals(MAPPER.valueToTree(result.mutated()), JsonPatch.apply(result.patch(), before));
    assertTrue(allocated < 56L << 20, "allocated " + (allocated >> 20) + " MiB");
  }

  private static Deployment deployment(int containers, String image) {
    List<Container> list =
        IntStream.range(0, containers)
            .mapToObj(i -> new ContainerBuilder().withName("c" + i).withImage(image).build())
            .toList();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("app")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withMinReadySeconds(30)
        .withNewSelector()
        .addToMatchLabels("app", "app")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "app")
        .endMetadata()
        .withNewSpec()
        .withContainers(list)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
