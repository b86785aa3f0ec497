package io.rolloutguard.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What admission would do with one object on CREATE.
 *
 * @param patch the mutating webhook's JSON Patch, or null when it changes nothing
 * @param admitted the object as the API server would store it (the input when nothing changed)
 */
record ObjectResult(ManifestObject object, List<Issue> issues, JsonNode patch, JsonNode admitted) {

  public boolean denied() {
    return issues.stream().anyMatch(i -> i.severity() == Issue.Severity.DENY);
  }

  public boolean mutated() {
    return patch != null;
  }
}
