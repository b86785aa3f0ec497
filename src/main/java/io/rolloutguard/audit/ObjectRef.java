package io.rolloutguard.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audited object, as a PolicyReport result's {@code resources[]} entry names it. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid)
    implements Comparable<ObjectRef> {

  static ObjectRef of(HasMetadata object) {
    return new ObjectRef(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        object.getMetadata().getUid());
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("apiVersion", apiVersion);
    map.put("kind", kind);
    map.put("namespace", namespace);
    map.put("name", name);
    if (uid != null) {
      map.put("uid", uid);
    }
    return map;
  }

  @Override
  public int compareTo(ObjectRef o) {
    int byKind = kind.compareTo(o.kind);
    return byKind != 0 ? byKind : name.compareTo(o.name);
  }
}
