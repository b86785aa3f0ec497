#!/usr/bin/env bash
# RSS of the fast-jar with N guarded Deployments in its caches: starts the e2e cluster, creates N
# Deployments (0 replicas) and N RolloutPolicies, starts the app with the controller on under the
# manifests' 512 MiB limit, waits until every policy has a status, and prints start-up time and
# RSS. Then stops everything.   bench/run-cache.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
export E2E_DIR=${E2E_DIR:-target/bench-e2e}
work=$(mktemp -d)
app=""
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; e2e/cluster/down.sh >/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mvn -B -q -DskipTests -Dspotless.check.skip=true package
e2e/cluster/up.sh
k="$(cat "$E2E_DIR/bin")/kubectl --kubeconfig $E2E_DIR/kubeconfig"
$k apply -f manifests/base/crd.yaml >/dev/null
$k create namespace rollout-guard >/dev/null 2>&1 || true
$k create namespace bench >/dev/null 2>&1 || true
$k wait --for condition=established crd/rolloutpolicies.rolloutguard.io >/dev/null
for i in $(seq 1 "$n"); do
  cat <<YAML
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app-$i, namespace: bench}
spec:
  replicas: 0
  minReadySeconds: 10
  selector: {matchLabels: {app: app-$i}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: app-$i}}
    spec: {containers: [{name: app, image: "registry.local/app:1.$i"}]}
---
apiVersion: rolloutguard.io/v1alpha1
kind: RolloutPolicy
metadata: {name: app-$i, namespace: bench}
spec:
  targetRef: {name: app-$i}
  steps: [{canary: 1, pause: {duration: 30s}}, {canary: 50%, pause: {}}]
YAML
done > "$work/objects.yaml"
start=$(date +%s)
$k apply -f "$work/objects.yaml" >/dev/null
echo "created $n Deployments and $n RolloutPolicies in $(( $(date +%s) - start ))s"
# The Deployment controller creates the ReplicaSets at its own pace (client QPS 20); measure
# rollout-guard, not it.
until [ "$($k get rs -n bench --no-headers 2>/dev/null | wc -l)" -ge "$n" ]; do sleep 2; done
echo "the Deployment controller created $n ReplicaSets $(( $(date +%s) - start ))s after that"

java -XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -Dkubeconfig="$E2E_DIR/kubeconfig" \
  -Drolloutguard.controller.enabled=true -Dquarkus.http.port=0 -Dquarkus.http.ssl-port=0 \
  -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 100); do grep -q "Listening on" "$work/app.log" && break; sleep 0.1; done
grep -o "started in [0-9.]*s" "$work/app.log" | sed 's/^/JVM fast-jar /'
start=$(date +%s)
until [ "$($k get rp -n bench -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | grep -c .)" -ge "$n" ]; do
  kill -0 "$app" || { tail -20 "$work/app.log"; exit 1; }
  sleep 2
done
echo "all $n policies reconciled $(( $(date +%s) - start ))s after start"
echo "RSS with $n guarded Deployments cached: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$app/status)"
jcmd "$app" GC.run >/dev/null
echo "live heap after a full GC: $(jcmd "$app" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | awk '{printf "%.0f MiB", $2/1024}')"
echo "RSS after that GC: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$app/status)"
cp "$work/app.log" "$E2E_DIR/app.log"
