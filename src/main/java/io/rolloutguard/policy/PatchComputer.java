package io.rolloutguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/**
 * Mutation as clone, change, diff: rules edit a typed copy and the JSON Patch is the diff between
 * the copy before and after ({@link JsonTreeDiff}, linear in the object's size), so no patch path
 * is ever written by hand. Admission as a function: the webhook, the offline {@code check} command
 * and the background audit compute their mutations on this same path.
 */
public final class PatchComputer {

  /**
   * @param mutated the copy the mutation changed, for what comes after it (validation); the object
   *     passed in is never changed
   */
  public record Result<C>(JsonNode patch, List<C> changes, HasMetadata mutated) {
    public boolean changed() {
      return patch != null;
    }
  }

  private final ObjectMapper mapper;

  public PatchComputer(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * @param field how the message names the object, for example {@code request.object}
   * @throws InvalidObjectException when the node is not a valid object of the type
   */
  public <T extends HasMetadata> T typed(JsonNode node, Class<T> type, String field) {
    try {
      return mapper.treeToValue(node, type);
    } catch (Exception e) {
      throw new InvalidObjectException(
          field + " is not a valid " + type.getSimpleName() + ": " + Messages.firstLine(e));
    }
  }

  public <C> Result<C> mutate(HasMetadata object, Function<HasMetadata, List<C>> mutation) {
    JsonNode before = mapper.valueToTree(object);
    HasMetadata copy;
    try {
      copy = mapper.treeToValue(before, object.getClass());
    } catch (Exception e) {
      throw new IllegalStateException("a model object did not survive its own round trip", e);
    }
    List<C> changes = mutation.apply(copy);
    if (changes.isEmpty()) {
      return new Result<>(null, changes, copy);
    }
    JsonNode patch = JsonTreeDiff.diff(before, mapper.valueToTree(copy));
    return new Result<>(patch.isEmpty() ? null : patch, changes, copy);
  }
}
