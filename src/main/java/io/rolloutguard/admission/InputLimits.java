package io.rolloutguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolloutguard.policy.Coverage;
import java.util.Optional;

/**
 * Caps on the lists the rules walk, counted on the review's JSON before anything is bound or
 * evaluated, so that the work per review stays bounded whatever a tenant posts. The defaults are
 * far above any real workload; the README's configuration table names the properties.
 *
 * @param containers containers, init containers and ephemeral containers of one pod spec
 * @param envPerContainer {@code env} and {@code envFrom} entries of one container
 * @param ownerReferences entries of {@code metadata.ownerReferences}
 * @param selectorTerms {@code matchLabels} entries, {@code matchExpressions} and their values
 */
public record InputLimits(
    int containers, int envPerContainer, int ownerReferences, int selectorTerms) {

  public static final InputLimits DEFAULTS = new InputLimits(500, 1000, 100, 500);

  private static final String[] POD_SPECS = {
    "/spec", "/spec/template/spec", "/spec/jobTemplate/spec/template/spec"
  };
  private static final String[] CONTAINER_LISTS = {
    "containers", "initContainers", "ephemeralContainers"
  };
  private static final String[] SELECTORS = {"/spec/selector", "/spec/jobTemplate/spec/selector"};

  /**
   * The first cap a covered object (or its old object) exceeds, as a message naming the field, the
   * count and the limit; empty when none is. Over a cap, the validating webhook denies and the
   * mutating one allows without a patch.
   */
  public Optional<String> exceeded(ReviewRequest request) {
    if (Coverage.typeOf(request.gvk()).isEmpty()) {
      return Optional.empty();
    }
    return exceeded(request.object(), "request.object")
        .or(() -> exceeded(request.oldObject(), "request.oldObject"));
  }

  Optional<String> exceeded(JsonNode object, String field) {
    if (object == null) {
      return Optional.empty();
    }
    Optional<String> over =
        over(
            field + ".metadata.ownerReferences",
            "owner-references",
            ownerReferences,
            object.at("/metadata/ownerReferences").size());
    for (String path : SELECTORS) {
      over =
          over.or(
              () ->
                  over(
                      field + dotted(path),
                      "selector-terms",
                      selectorTerms,
                      selectorTerms(object.at(path))));
    }
    for (String path : POD_SPECS) {
      over = over.or(() -> podSpec(object.at(path), field + dotted(path)));
    }
    return over;
  }

  private Optional<String> podSpec(JsonNode spec, String where) {
    int count = 0;
    for (String list : CONTAINER_LISTS) {
      count += spec.path(list).size();
    }
    if (count > containers) {
      return over(where, "containers", containers, count);
    }
    for (String list : CONTAINER_LISTS) {
      JsonNode items = spec.path(list);
      for (int i = 0; i < items.size(); i++) {
        int env = items.get(i).path("env").size() + items.get(i).path("envFrom").size();
        if (env > envPerContainer) {
          return over(
              where + "." + list + "[" + i + "]", "env-per-container", envPerContainer, env);
        }
      }
    }
    return Optional.empty();
  }

  private static int selectorTerms(JsonNode selector) {
    if (!selector.isObject()) {
      return 0;
    }
    if (!selector.has("matchLabels") && !selector.has("matchExpressions")) {
      return selector.size(); // a ReplicationController's selector is a plain map
    }
    int terms = selector.path("matchLabels").size();
    for (JsonNode expression : selector.path("matchExpressions")) {
      terms += 1 + expression.path("values").size();
    }
    return terms;
  }

  private static Optional<String> over(String where, String limit, int max, int count) {
    if (count <= max) {
      return Optional.empty();
    }
    return Optional.of(
        where
            + " has "
            + count
            + " "
            + limit.replace('-', ' ')
            + ", more than the limit of "
            + max
            + " (rolloutguard.limits."
            + limit
            + ")");
  }

  private static String dotted(String pointer) {
    return pointer.replace('/', '.');
  }
}
