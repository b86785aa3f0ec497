package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which children the audit and the overlap check leave to their controller. */
class TrustTest {

  private static final Trust TRUST = new Trust(Set.of(), Set.of("argoproj.io/v1alpha1/Rollout"));

  @ParameterizedTest(name = "{0}/{1} uid {2} controller {3} -> {4}")
  @CsvSource({
    "apps/v1, Deployment, seen, true, true",
    "apps/v1, Deployment, unseen, true, false",
    "v1, ConfigMap, unseen, true, false",
    "argoproj.io/v1alpha1, Rollout, unseen, true, true",
    "apps/v1, Deployment, seen, false, false",
  })
  void onlyAControllerItSeesOrATrustedKindCounts(
      String apiVersion, String kind, String uid, boolean controller, boolean left) {
    ReplicaSet child =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("child")
            .addToOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(apiVersion)
                    .withKind(kind)
                    .withName("owner")
                    .withUid(uid)
                    .withController(controller)
                    .build())
            .endMetadata()
            .build();

    assertEquals(left, TRUST.leftToItsController(child, Set.of("seen")));
  }
}
