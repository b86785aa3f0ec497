package io.rolloutguard.check;

/** Small manifests for the check tests, as people write them. */
final class Manifests {

  private Manifests() {}

  /** Clean: pinned tag, a probe and minReadySeconds above the floor. */
  static final String GOOD =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: good
      spec:
        replicas: 2
        minReadySeconds: 10
        selector:
          matchLabels: {app: good}
        template:
          metadata:
            labels: {app: good}
          spec:
            containers:
              - name: app
                image: luksa/kubia:v1
                readinessProbe:
                  httpGet: {path: /, port: 8080}
      """;

  /** Mutated only: a mutable tag (RG001) and a probe without minReadySeconds (RG003). */
  static final String MUTABLE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
              - name: nodejs
                image: luksa/kubia:latest # the seed's image
                imagePullPolicy: IfNotPresent
                readinessProbe:
                  httpGet: {path: /, port: 8080}
      """;

  /** Denied: RG002, the selector does not match the template labels. */
  static final String DENIED =
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: mismatch
      spec:
        replicas: 1
        selector:
          matchLabels: {app: one}
        template:
          metadata:
            labels: {app: other}
          spec:
            containers:
              - name: app
                image: luksa/kubia:v1
      """;

  /** Warned only: a Service without a selector. */
  static final String WARNED =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: external
      spec:
        ports:
          - port: 80
      """;

  static final String CONFIG_MAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        key: value
      """;
}
