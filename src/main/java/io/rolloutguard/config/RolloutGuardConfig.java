package io.rolloutguard.config;

import io.rolloutguard.policy.Mode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/** Every {@code rolloutguard.*} setting; the README's configuration table documents each. */
@ConfigMapping(prefix = "rolloutguard")
public interface RolloutGuardConfig {

  /** The namespace the app runs in; it is always exempt, so the webhook never blocks itself. */
  @WithDefault("${POD_NAMESPACE:rollout-guard}")
  String namespace();

  /**
   * admission, controller or all: which parts run here. The cluster connection itself is {@code
   * rolloutguard.controller.enabled}.
   */
  @WithDefault("all")
  Role role();

  Controller controller();

  Rules rules();

  Images images();

  @WithName("min-ready-seconds")
  MinReadySeconds minReadySeconds();

  Selectors selectors();

  @WithName("exempt-namespaces")
  @WithDefault("kube-system,kube-public,kube-node-lease")
  List<String> exemptNamespaces();

  Tls tls();

  Limits limits();

  /** Caps on the lists one reviewed object may hold (admission's InputLimits). */
  interface Limits {
    /** Containers, init containers and ephemeral containers of one pod spec. */
    @WithDefault("500")
    int containers();

    @WithName("env-per-container")
    @WithDefault("1000")
    int envPerContainer();

    @WithName("owner-references")
    @WithDefault("100")
    int ownerReferences();

    /** A selector's matchLabels entries, matchExpressions and their values. */
    @WithName("selector-terms")
    @WithDefault("500")
    int selectorTerms();
  }

  Audit audit();

  Trusted trusted();

  /**
   * Operators the platform team trusts besides the built-in controllers: their requests create
   * children of objects admitted already, so denials only warn for them.
   */
  interface Trusted {
    /** Usernames, such as {@code system:serviceaccount:argo-rollouts:argo-rollouts}. */
    Optional<List<String>> operators();

    /**
     * {@code apiVersion/Kind} of their resources, such as {@code argoproj.io/v1alpha1/Rollout}: the
     * background audit and the overlap check leave those resources' children to them.
     */
    @WithName("owner-kinds")
    Optional<List<String>> ownerKinds();
  }

  /** The leader's background audit of existing workloads, written as PolicyReports. */
  interface Audit {
    @WithDefault("true")
    boolean enabled();

    /** A full audit of every namespace this often, besides the audits that changes trigger. */
    @WithDefault("PT10M")
    java.time.Duration period();

    /** Changes within this window are audited together, once per changed namespace. */
    @WithDefault("PT2S")
    java.time.Duration debounce();

    /** The most PolicyReport writes (create, update, delete) per second: the API server's share. */
    @WithName("writes-per-second")
    @WithDefault("5")
    double writesPerSecond();

    /** Results are split over several reports in a namespace to keep each below this size. */
    @WithName("max-report-bytes")
    @WithDefault("800000")
    int maxReportBytes();
  }

  @WithName("warm-up")
  WarmUp warmUp();

  Cel cel();

  /**
   * The stateless rules as admission policies the API server evaluates (manifests/overlays/cel).
   */
  interface Cel {
    /**
     * The CEL policies enforce RG000, RG001, RG002's shape checks and RG003, so the webhook leaves
     * them out and keeps only the rules that need cluster state.
     */
    @WithDefault("false")
    boolean enabled();

    /** Each replica server-side applies the policies generated from this configuration at start. */
    @WithDefault("false")
    boolean apply();
  }

  interface WarmUp {
    /** Reviews each replica sends itself at start-up before it reports ready; 0 turns it off. */
    @WithDefault("300")
    int reviews();
  }

  /** Self-managed webhook TLS: CA and serving certificate kept in a Secret, rotated, reloaded. */
  interface Tls {
    /** Off by default: locally the standard Quarkus TLS properties apply. */
    @WithName("self-managed")
    @WithDefault("false")
    boolean selfManaged();

    /** The Secret in the app's namespace that holds the CA and serving certificate. */
    @WithDefault("rollout-guard-tls")
    String secret();

    /** The Service the API server calls; the certificate names it. */
    @WithDefault("rollout-guard")
    String service();

    /** The webhook configurations whose caBundle the app keeps current. */
    @WithName("webhook-configuration")
    @WithDefault("rollout-guard")
    String webhookConfiguration();

    /** Must equal quarkus.http.tls-configuration-name. */
    @WithName("configuration-name")
    @WithDefault("webhook")
    String configurationName();

    @WithName("ca-validity")
    @WithDefault("P3650D")
    java.time.Duration caValidity();

    @WithName("serving-validity")
    @WithDefault("P90D")
    java.time.Duration servingValidity();

    /**
     * A PEM file of the CA that signs the API server's webhook client certificate: when set, the
     * webhook port refuses, at the TLS handshake, every caller without a certificate it signed.
     */
    @WithName("client-ca")
    Optional<String> clientCa();

    /** With client-ca: the subject CNs or DNS names a client certificate must carry (any one). */
    @WithName("client-names")
    Optional<List<String>> clientNames();

    /**
     * How long an admission-only process waits at start for the controller to create the Secret
     * before it gives up (and its pod restarts).
     */
    @WithName("secret-wait")
    @WithDefault("PT4M")
    java.time.Duration secretWait();

    /** How often each replica checks the Secret for renewal and the caBundles for drift. */
    @WithName("check-period")
    @WithDefault("PT1H")
    java.time.Duration checkPeriod();
  }

  interface Controller {
    /**
     * Whether the app connects to a cluster: true, false, or auto (only when a cluster
     * configuration is found). Connected, the caches start in every role, and the controller runs
     * when {@link RolloutGuardConfig#role()} says so.
     */
    @WithDefault("auto")
    String enabled();

    /**
     * How long a lease lasts without renewal. With the retry period it bounds how long a crashed
     * leader leaves canaries unwatched, which must stay below the canary floor (FailoverWindow).
     */
    @WithName("lease-duration")
    @WithDefault("PT6S")
    java.time.Duration leaseDuration();

    /** The leader gives up (and the replica restarts) when it cannot renew for this long. */
    @WithName("renew-deadline")
    @WithDefault("PT4S")
    java.time.Duration renewDeadline();

    /** How often followers try to take the lease. */
    @WithName("retry-period")
    @WithDefault("PT1S")
    java.time.Duration retryPeriod();
  }

  interface Rules {
    Rule rg000();

    Rule rg001();

    Rule rg002();

    Rule rg003();

    Rule rg004();

    Rule rg005();

    Rule rg006();

    /** The RG002 check for Services without a selector has its own, softer default. */
    @WithName("rg002-service-without-selector")
    @WithDefault("warn")
    Mode serviceWithoutSelector();
  }

  interface Rule {
    @WithDefault("enforce")
    Mode mode();

    @WithName("exempt-namespaces")
    Optional<List<String>> exemptNamespaces();
  }

  interface Images {
    @WithName("mutable-tags")
    @WithDefault("latest")
    List<String> mutableTags();

    /** Regexes matched against the whole tag, for example {@code .*-SNAPSHOT}. */
    @WithName("mutable-tag-patterns")
    Optional<List<String>> mutableTagPatterns();

    /** Strict mode: every tag is mutable, only a digest pins an image. */
    @WithName("digest-only")
    @WithDefault("false")
    boolean digestOnly();

    /** Globs of images RG001 leaves alone, for example {@code registry.local/base/*}. */
    Optional<List<String>> exempt();
  }

  interface MinReadySeconds {
    @WithDefault("10")
    int floor();

    @WithDefault("3600")
    int max();

    /** The least minReadySeconds of a guarded Deployment: the controller's window to pause. */
    @WithName("canary-floor")
    @WithDefault("10")
    int canaryFloor();
  }

  interface Selectors {
    @WithName("required-keys")
    Optional<List<String>> requiredKeys();
  }
}
