package io.rolloutguard.policy;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * rollout-guard's own hash of a pod template, without the {@code pod-template-hash} label the
 * Deployment controller adds. Kubernetes' hash is an FNV over Go's struct printing, which Java
 * cannot reproduce, so the controller records this one and admission compares it (RG005).
 */
public final class TemplateHash {

  public static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private TemplateHash() {}

  public static String of(PodTemplateSpec template) {
    try {
      Map<?, ?> tree = CANONICAL.convertValue(withoutHashLabel(template), Map.class);
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not hash a pod template", e);
    }
  }

  /** A copy of the template without the label the Deployment controller adds to its ReplicaSets. */
  public static PodTemplateSpec withoutHashLabel(PodTemplateSpec template) {
    PodTemplateSpec copy = CANONICAL.convertValue(template, PodTemplateSpec.class);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      copy.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
    }
    return copy;
  }
}
