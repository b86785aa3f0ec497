package io.rolloutguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rolloutguard.api.RolloutPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cached objects share what repeats, and lose nothing the slimming does not drop on purpose. */
class CompactTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  static <T extends HasMetadata> T read(String fixture, Class<T> type) {
    try (InputStream in = CompactTest.class.getResourceAsStream("/cluster/" + fixture)) {
      return JSON.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> listed() {
    return Stream.of(
        Arguments.of("deployment-as-listed.json", Deployment.class),
        Arguments.of("replicaset-as-listed.json", ReplicaSet.class),
        Arguments.of("rolloutpolicy-as-listed.json", RolloutPolicy.class));
  }

  @ParameterizedTest
  @MethodSource("listed")
  void theCachedObjectReadsAsTheListedOneLessWhatSlimDrops(
      String fixture, Class<? extends HasMetadata> type) {
    HasMetadata listed = read(fixture, type);
    JsonNode expected = JSON.convertValue(listed, JsonNode.class);
    ObjectNode metadata = (ObjectNode) expected.get("metadata");
    metadata.remove("managedFields");
    if (metadata.get("annotations") instanceof ObjectNode annotations) {
      annotations.remove(Slim.LAST_APPLIED);
      if (annotations.isEmpty()) {
        metadata.remove("annotations");
      }
    }

    HasMetadata cached = Slim.of(read(fixture, type));

    assertEquals(expected, JSON.convertValue(cached, JsonNode.class));
  }

  @Test
  void valuesThatRepeatAcrossObjectsAreOneCopy() {
    Deployment deployment = Slim.of(read("deployment-as-listed.json", Deployment.class));
    ReplicaSet replicaSet = Slim.of(read("replicaset-as-listed.json", ReplicaSet.class));

    assertSame(deployment.getMetadata().getNamespace(), replicaSet.getMetadata().getNamespace());
    assertSame(
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
        replicaSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertSame(
        deployment.getSpec().getSelector().getMatchLabels().get("app"),
        replicaSet.getSpec().getSelector().getMatchLabels().get("app"));
  }

  @Test
  void perObjectIdentitiesAreNotInterned() {
    Deployment fresh = read("deployment-as-listed.json", Deployment.class);
    Deployment a = Slim.of(read("deployment-as-listed.json", Deployment.class));
    Deployment b = Slim.of(read("deployment-as-listed.json", Deployment.class));

    assertEquals(fresh.getMetadata().getUid(), a.getMetadata().getUid());
    assertNotSame(a.getMetadata().getUid(), b.getMetadata().getUid());
    assertNotSame(a.getMetadata().getResourceVersion(), b.getMetadata().getResourceVersion());
  }

  @Test
  void emptiesAreSharedAndACachedObjectCannotBeChangedThroughThem() {
    Deployment a = Slim.of(read("deployment-as-listed.json", Deployment.class));
    Deployment b = Slim.of(read("deployment-as-listed.json", Deployment.class));

    assertSame(a.getAdditionalProperties(), b.getMetadata().getAdditionalProperties());
    assertSame(a.getMetadata().getFinalizers(), b.getSpec().getTemplate().getSpec().getVolumes());
    assertThrows(
        UnsupportedOperationException.class, () -> a.getMetadata().getFinalizers().add("x"));
    // A selector requirement without a key, under review, is looked up in cached labels.
    assertNull(a.getMetadata().getLabels().get(null));
    assertFalse(a.getMetadata().getFinalizers().contains(null));
  }

  @Test
  void slimmingTwiceChangesNothing() {
    Deployment once = Slim.of(read("deployment-as-listed.json", Deployment.class));
    JsonNode expected = JSON.convertValue(once, JsonNode.class);

    assertEquals(expected, JSON.convertValue(Slim.of(once), JsonNode.class));
  }
}
