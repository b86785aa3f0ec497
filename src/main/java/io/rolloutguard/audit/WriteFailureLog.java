package io.rolloutguard.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One log line per namespace whose reports fail to write, with the reason, when it starts failing
 * or fails for another reason, and one when it is written again: a namespace that fails at every
 * audit does not fill the log, and each failing namespace is named.
 */
final class WriteFailureLog {

  private static final Logger LOG = Logger.getLogger(BackgroundAudit.class);

  private final Map<String, String> failing = new HashMap<>();

  /**
   * @param scope the namespaces the audit covered, or null for all
   */
  void note(Map<String, WriteFailure> failures, Set<String> scope) {
    failures.forEach(
        (namespace, failure) -> {
          if (!failure.message().equals(failing.put(namespace, failure.message()))) {
            LOG.warnf(
                "background audit: the PolicyReports of namespace %s were not written (%s): %s;"
                    + " the other namespaces' were, and this one is tried again by the next audit",
                ResultText.bounded(namespace), failure.reason(), failure.message());
          }
        });
    failing
        .keySet()
        .removeIf(
            namespace -> {
              boolean recovered =
                  !failures.containsKey(namespace) && (scope == null || scope.contains(namespace));
              if (recovered) {
                LOG.infof(
                    "background audit: the PolicyReports of namespace %s are written again",
                    namespace);
              }
              return recovered;
            });
  }
}
