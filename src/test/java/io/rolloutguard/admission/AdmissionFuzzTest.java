package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.zjsonpatch.JsonPatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.Finding;
import io.rolloutguard.policy.JsonReadLimits;
import io.rolloutguard.policy.PatchComputer;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.policy.RuleId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of what {@code /mutate} and {@code /validate} do with a body: {@link
 * AdmissionService#read}, then {@code mutate} and {@code validate}, as {@link AdmissionResource}
 * calls them, without HTTP. A plain {@code mvn test} replays the inputs in {@code
 * AdmissionFuzzTestInputs/}; {@code bench/run-fuzz.sh} fuzzes each method.
 *
 * <p>Properties, for every body:
 *
 * <ul>
 *   <li>on a thread with the shipped stack size ({@code -Xss256k}),
 *   <li>no 500: the only exception is {@link BadReviewException} with a 4xx status, and each answer
 *       serializes as the resource writes it;
 *   <li>mutation is idempotent: the object with the patch applied gets no further patch;
 *   <li>a mutated object never gets an RG001 finding from validate.
 * </ul>
 *
 * {@link #review} mutates the raw bytes; {@link #structured} starts from one of the AdmissionReview
 * fixtures of {@code src/test/resources/admission} and lets the fuzzer change the fields the rules
 * read (images, pull policies, labels, selectors, minReadySeconds, probes, operation, namespace),
 * which reaches far deeper into the rules than bytes that must first be JSON.
 */
class AdmissionFuzzTest {

  /** The app's ObjectMapper: Quarkus' two defaults (see check's Mappers) and the read limits. */
  static final ObjectMapper MAPPER =
      JsonReadLimits.apply(
          JsonMapper.builder()
              .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
              .build());

  /** A cluster where "kubia" overlaps, is guarded, has a failed revision and two policies. */
  static final ClusterFacts CLUSTER =
      new ClusterFacts() {
        @Override
        public boolean available() {
          return true;
        }

        @Override
        public boolean synced() {
          return true;
        }

        @Override
        public List<WorkloadSummary> workloads(String namespace) {
          return List.of(
              new WorkloadSummary(
                  "Deployment",
                  "other",
                  new LabelSelector(List.of(), Map.of("app", "kubia")),
                  Map.of("app", "kubia")));
        }

        @Override
        public Optional<Guard> guardFor(String namespace, String deployment) {
          return Optional.of(
              new Guard(
                  "guard",
                  new IntOrString("25%"),
                  List.of(new FailedTemplate("0123456789abcdef", "2", "CrashLoopBackOff", "t")),
                  "fedcba9876543210"));
        }

        @Override
        public List<String> policiesFor(String namespace, String deployment) {
          return "kubia".equals(deployment) ? List.of("guard", "second") : List.of("guard");
        }
      };

  private static final PolicyEngine ENGINE = PolicyEngine.standard(PolicyConfig.defaults());

  private static final AdmissionService SERVICE =
      new AdmissionService(
          ENGINE, CLUSTER, new AdmissionMetrics(new SimpleMeterRegistry()), MAPPER);

  private static final List<ObjectNode> FIXTURES = fixtures();

  @FuzzTest
  void review(byte[] body) {
    check(body);
  }

  @FuzzTest
  void structured(FuzzedDataProvider data) {
    ObjectNode review = FIXTURES.get(data.consumeInt(0, FIXTURES.size() - 1)).deepCopy();
    new FieldMutator(data, review).run();
    try {
      check(MAPPER.writeValueAsBytes(review));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The manifests run the webhook with {@code -Xss256k}: the review runs on a thread with that
   * stack, so that recursion which only fits the test JVM's larger default stack is a finding.
   */
  private static final ExecutorService REVIEWER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(null, r, "fuzz-review", 256 * 1024);
            t.setDaemon(true);
            return t;
          });

  /** The properties, for one body, on a thread with the shipped stack size. */
  static void check(byte[] body) {
    try {
      REVIEWER.submit(() -> checkNow(body)).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void checkNow(byte[] body) {
    ReviewRequest request = clean(() -> SERVICE.read(body));
    if (request == null) {
      return;
    }
    AdmissionResponse mutated = clean(() -> SERVICE.mutate(request));
    AdmissionResponse validated = clean(() -> SERVICE.validate(request));
    if (mutated == null || validated == null) {
      return;
    }
    serializes(mutated);
    serializes(validated);
    if (mutated.getPatch() == null) {
      return;
    }
    assertEquals("JSONPatch", mutated.getPatchType());
    JsonNode object;
    try {
      JsonNode patch = MAPPER.readTree(Base64.getDecoder().decode(mutated.getPatch()));
      object = JsonPatch.apply(patch, request.object());
    } catch (Exception e) {
      throw new AssertionError("the patch does not apply to the object it was made for", e);
    }
    ReviewRequest again =
        new ReviewRequest(
            request.uid(),
            request.group(),
            request.version(),
            request.kind(),
            request.subResource(),
            request.operation(),
            request.namespace(),
            request.name(),
            request.dryRun(),
            object,
            request.oldObject(),
            request.username());
    AdmissionResponse second = SERVICE.mutate(again);
    assertEquals(
        null,
        second.getPatch() == null
            ? null
            : new String(Base64.getDecoder().decode(second.getPatch())),
        "mutation is idempotent: the mutated object got a further patch");
    AdmissionResponse revalidated = SERVICE.validate(again);
    serializes(revalidated);
    // The engine's findings, as validate computed them: the response's text holds the user's
    // strings.
    HasMetadata typed = typed(again, object);
    HasMetadata old =
        "UPDATE".equals(again.operation()) && again.oldObject() != null
            ? typed(again, again.oldObject())
            : null;
    List<Finding> rg001 =
        ENGINE.validate(typed, old, again.namespace(), CLUSTER).stream()
            .filter(f -> f.violation().rule() == RuleId.RG001)
            .toList();
    assertTrue(rg001.isEmpty(), "a mutated object got an RG001 finding: " + rg001);
  }

  /** As AdmissionService types the object and the old object: metadata and namespace set. */
  private static HasMetadata typed(ReviewRequest request, JsonNode node) {
    HasMetadata typed =
        new PatchComputer(MAPPER)
            .typed(node, Coverage.typeOf(request.gvk()).orElseThrow(), "object");
    if (typed.getMetadata() == null) {
      typed.setMetadata(new ObjectMeta());
    }
    typed.getMetadata().setNamespace(request.namespace());
    return typed;
  }

  /** The result, or null when the input was refused cleanly: a BadReviewException with a 4xx. */
  static <T> T clean(Supplier<T> call) {
    try {
      return call.get();
    } catch (BadReviewException e) {
      assertTrue(e.status() >= 400 && e.status() < 500, "status " + e.status());
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message says why");
      return null;
    }
  }

  /** As AdmissionResource writes the answer. */
  static String serializes(AdmissionResponse response) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(ReviewReader.API_VERSION);
    review.setKind("AdmissionReview");
    review.setResponse(response);
    try {
      return new String(MAPPER.writeValueAsBytes(review), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      fail("the answer does not serialize", e);
      return null;
    }
  }

  private static List<ObjectNode> fixtures() {
    try {
      Path dir = Path.of(AdmissionFuzzTest.class.getResource("/admission").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> f.toString().endsWith(".json"))
            .sorted()
            .map(
                f -> {
                  try {
                    return (ObjectNode) MAPPER.readTree(f.toFile());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .toList();
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Changes the fields the rules read, as the fuzzer's bytes say. */
  static final class FieldMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] IMAGES = {
      "luksa/kubia:latest",
      "luksa/kubia",
      "luksa/kubia:v1",
      "registry.local:5000/team/app:latest",
      "localhost/app",
      "[::1]:5000/app:LATEST",
      "app@sha256:" + "a".repeat(64),
      "app:latest@sha256:" + "b".repeat(64),
      "App:latest",
      "",
      " app",
      "docker.io/library/nginx:1.27",
    };
    private static final String[] PULL_POLICIES = {"Always", "IfNotPresent", "Never", "", "always"};
    private static final String[] OPERATORS = {"In", "NotIn", "Exists", "DoesNotExist", "Gt"};
    private static final String[] NAMESPACES = {"default", "kube-system", "team-a", ""};

    private final FuzzedDataProvider data;
    private final ObjectNode review;
    private final ObjectNode request;

    FieldMutator(FuzzedDataProvider data, ObjectNode review) {
      this.data = data;
      this.review = review;
      this.request = (ObjectNode) review.get("request");
    }

    void run() {
      int steps = data.consumeInt(0, 24);
      for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
        step(data.consumeInt(0, 17));
      }
    }

    private void step(int what) {
      ObjectNode object = object();
      switch (what) {
        case 0 -> container().ifPresent(c -> c.put("image", pick(IMAGES)));
        case 1 -> container().ifPresent(c -> c.put("image", data.consumeString(80)));
        case 2 -> container().ifPresent(c -> c.put("image", image()));
        case 3 ->
            container()
                .ifPresent(
                    c -> {
                      if (data.consumeBoolean()) {
                        c.remove("imagePullPolicy");
                      } else {
                        c.put("imagePullPolicy", pick(PULL_POLICIES));
                      }
                    });
        case 4 ->
            containers("containers")
                .ifPresent(
                    list -> {
                      if (data.consumeBoolean() && !list.isEmpty()) {
                        list.remove(data.consumeInt(0, list.size() - 1));
                      } else {
                        ObjectNode c = list.addObject();
                        c.put("name", data.consumeString(10));
                        c.put("image", image());
                      }
                    });
        case 5 ->
            containers(pick(new String[] {"initContainers", "ephemeralContainers"}))
                .ifPresent(
                    list -> {
                      ObjectNode c = list.addObject();
                      c.put("name", data.consumeString(10));
                      c.put("image", image());
                    });
        case 6 -> templateLabels().ifPresent(l -> l.put(key(), data.consumeString(12)));
        case 7 -> templateLabels().ifPresent(l -> l.remove(key()));
        case 8 -> {
          ObjectNode selector = selector(object);
          if (selector != null) {
            selector.withObject("matchLabels").put(key(), data.consumeString(12));
          }
        }
        case 9 -> {
          ObjectNode selector = selector(object);
          if (selector != null) {
            ObjectNode e = selector.withArray("matchExpressions").addObject();
            e.put("key", key());
            e.put("operator", pick(OPERATORS));
            ArrayNode values = e.putArray("values");
            int n = data.consumeInt(0, 2);
            for (int v = 0; v < n; v++) {
              values.add(data.consumeString(8));
            }
          }
        }
        case 10 -> {
          ObjectNode spec = spec(object);
          if (spec != null) {
            if (data.consumeBoolean()) {
              spec.remove("selector");
            } else {
              spec.putObject("selector");
            }
          }
        }
        case 11 -> {
          ObjectNode spec = spec(object);
          if (spec != null) {
            spec.put("minReadySeconds", data.consumeInt(-5, 7200));
          }
        }
        case 12 -> {
          ObjectNode spec = spec(object);
          if (spec != null) {
            spec.put("progressDeadlineSeconds", data.consumeInt(-5, 7200));
          }
        }
        case 13 ->
            container()
                .ifPresent(
                    c -> {
                      String probe = data.consumeBoolean() ? "readinessProbe" : "startupProbe";
                      if (data.consumeBoolean()) {
                        c.remove(probe);
                        return;
                      }
                      ObjectNode p = c.withObject(probe);
                      p.withObject("tcpSocket").put("port", 8080);
                      p.put(
                          pick(
                              new String[] {
                                "initialDelaySeconds",
                                "periodSeconds",
                                "failureThreshold",
                                "successThreshold",
                                "timeoutSeconds"
                              }),
                          data.consumeInt(-1, 4000));
                    });
        case 14 -> {
          String operation = pick(new String[] {"CREATE", "UPDATE", "DELETE", "CONNECT"});
          request.put("operation", operation);
          if ("UPDATE".equals(operation) && !request.has("oldObject") && object != null) {
            request.set("oldObject", object.deepCopy());
          }
        }
        case 15 -> request.put("namespace", pick(NAMESPACES));
        case 16 -> {
          ObjectNode spec = spec(object);
          if (spec != null) {
            spec.put("replicas", data.consumeInt(-1, 100));
            ObjectNode strategy = spec.withObject("strategy");
            strategy.put("type", pick(new String[] {"RollingUpdate", "Recreate", "OnDelete"}));
          }
        }
        default -> {
          if (object != null) {
            ObjectNode owner =
                object.withObject("metadata").withArray("ownerReferences").addObject();
            owner.put("apiVersion", "apps/v1");
            owner.put("kind", "ReplicaSet");
            owner.put("name", "kubia-1");
            owner.put("uid", "u");
            owner.put("controller", data.consumeBoolean());
          }
        }
      }
    }

    private String image() {
      String domain = pick(new String[] {"", "registry.local/", "localhost:5000/", "[::1]/", "A/"});
      String path = pick(new String[] {"app", "team/app", "a__b", "a..b", "x"});
      String tag = pick(new String[] {"", ":latest", ":v1", ":", ":stable", ":" + "t".repeat(129)});
      String digest =
          pick(
              new String[] {
                "", "@sha256:" + "c".repeat(64), "@sha256:abc", "@md5:" + "d".repeat(32)
              });
      return domain + path + tag + digest;
    }

    private String key() {
      return pick(new String[] {"app", "tier", "rolloutguard.io/x", data.consumeString(6)});
    }

    private String pick(String[] values) {
      return values[data.consumeInt(0, values.length - 1)];
    }

    private ObjectNode object() {
      JsonNode object = request.get("object");
      return object instanceof ObjectNode o ? o : null;
    }

    private static ObjectNode spec(ObjectNode object) {
      return object != null && object.get("spec") instanceof ObjectNode s ? s : null;
    }

    private static ObjectNode selector(ObjectNode object) {
      ObjectNode spec = spec(object);
      return spec == null ? null : spec.withObject("selector");
    }

    /** The pod spec: a Pod's spec, a CronJob's job template's, or spec.template.spec. */
    private ObjectNode podSpec() {
      ObjectNode object = object();
      ObjectNode spec = spec(object);
      if (spec == null) {
        return null;
      }
      if ("Pod".equals(object.path("kind").asText())) {
        return spec;
      }
      JsonNode template =
          spec.has("jobTemplate")
              ? spec.path("jobTemplate").path("spec").path("template")
              : spec.path("template");
      return template.get("spec") instanceof ObjectNode s ? s : null;
    }

    private Optional<ObjectNode> templateLabels() {
      ObjectNode spec = spec(object());
      if (spec == null || !(spec.get("template") instanceof ObjectNode template)) {
        return Optional.empty();
      }
      return Optional.of(template.withObject("metadata").withObject("labels"));
    }

    private Optional<ArrayNode> containers(String field) {
      ObjectNode pod = podSpec();
      if (pod == null) {
        return Optional.empty();
      }
      return Optional.of(pod.withArray(field));
    }

    private Optional<ObjectNode> container() {
      Optional<ArrayNode> list = containers("containers");
      if (list.isEmpty() || list.get().isEmpty()) {
        return Optional.empty();
      }
      JsonNode c = list.get().get(data.consumeInt(0, list.get().size() - 1));
      return c instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }
  }
}
