package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shares what repeats across cached objects. Each fabric8 model object carries an empty {@code
 * additionalProperties} map and an empty list for every list field it has; a cached Deployment
 * holds about 25 of each, over a third of its size. Empty ones become the shared immutable empties;
 * strings that repeat from object to object (namespaces, images, enum-like values, condition
 * reasons) become one interned copy. Per-object identities (uid, resource version, name) are left
 * alone: interning what never repeats would only grow the JVM's string table.
 *
 * <p>Only for cached objects, which nobody may change: a change now fails instead of racing with
 * other readers. The empties are {@link Collections}', not {@code List.of()}'s: those throw on a
 * lookup of null (a label selector without a key, from an object under review).
 */
final class Compact {

  /** Per object, never repeated: interning them costs a string-table entry and saves nothing. */
  private static final Set<String> UNIQUE_META =
      Set.of("uid", "resourceVersion", "name", "generateName", "creationTimestamp", "selfLink");

  private static final ClassValue<List<Field>> FIELDS =
      new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
          List<Field> fields = new ArrayList<>();
          for (Class<?> c = type; c != null && isModel(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
              int modifiers = f.getModifiers();
              if (!Modifier.isStatic(modifiers)
                  && !Modifier.isFinal(modifiers)
                  && !f.getType().isPrimitive()
                  && !(c == ObjectMeta.class && UNIQUE_META.contains(f.getName()))) {
                f.setAccessible(true);
                fields.add(f);
              }
            }
          }
          return List.copyOf(fields);
        }
      };

  private Compact() {}

  static void of(Object object) {
    if (object == null || !isModel(object.getClass())) {
      return;
    }
    for (Field field : FIELDS.get(object.getClass())) {
      try {
        Object value = field.get(object);
        Object compacted = value(value);
        if (compacted != value) {
          field.set(object, compacted);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot compact " + field, e);
      }
    }
  }

  private static Object value(Object value) {
    if (value instanceof String s) {
      return s.intern();
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return Collections.emptyList();
      }
      compactElements(list);
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return Collections.emptyMap();
      }
      compactValues(map);
      return value;
    }
    of(value);
    return value;
  }

  @SuppressWarnings("unchecked")
  private static void compactElements(List<?> list) {
    try {
      ((List<Object>) list).replaceAll(Compact::value);
    } catch (UnsupportedOperationException immutable) {
      // built by our own code, not read from JSON: left as it is
    }
  }

  /** replaceAll, not entrySet(): a LinkedHashMap keeps the entry-set view it hands out. */
  @SuppressWarnings("unchecked")
  private static void compactValues(Map<?, ?> map) {
    try {
      ((Map<Object, Object>) map).replaceAll((key, element) -> value(element));
    } catch (UnsupportedOperationException immutable) {
      // built by our own code, not read from JSON: left as it is
    }
  }

  private static boolean isModel(Class<?> type) {
    String name = type.getName();
    return name.startsWith("io.fabric8.kubernetes.api.model.")
        || name.startsWith("io.rolloutguard.api.")
        || type == CustomResource.class;
  }
}
