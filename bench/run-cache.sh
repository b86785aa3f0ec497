#!/usr/bin/env bash
# Memory of the fast-jar with N guarded Deployments in its caches: starts the e2e cluster, creates
# N Deployments (0 replicas) and N RolloutPolicies, starts the app with the controller on and the
# JVM flags of manifests/base/deployment.yaml, waits until every policy has a status, then prints
# start-up time, RSS, the live heap after a full GC (every generation, whatever the collector),
# the admission latency at that size (sequential /validate and /mutate reviews of a guarded
# Deployment, keep-alive, on loopback, straight to the app), and with NMT=1 Native Memory
# Tracking's breakdown of the committed memory.
#   bench/run-cache.sh [N]
# Environment: JAVA (default: java on the PATH), JVM_OPTS (default: the manifests' flags),
# NMT=1 (adds -XX:NativeMemoryTracking=summary, which itself costs a few MiB),
# KEEP=1 (leaves the cluster and its objects up; the next run reuses them and skips creating),
# SKIP_BUILD=1 (uses target/quarkus-app as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
export E2E_DIR=${E2E_DIR:-target/bench-e2e}
java=${JAVA:-java}
jdk_bin=$(dirname "$(readlink -f "$(command -v "$java")")")
# The manifests' flags, read from the manifest so the two cannot drift apart.
manifest_opts=$(awk '/name: JAVA_OPTS_APPEND/ {getline; sub(/^ *value: */, ""); gsub(/"/, ""); print}' \
  manifests/base/deployment.yaml)
opts=${JVM_OPTS:-$manifest_opts}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$(awk '/name: MALLOC_ARENA_MAX/ {getline; gsub(/[^0-9]/, ""); print}' \
  manifests/base/deployment.yaml)}
[ "${NMT:-0}" = 1 ] && opts="$opts -XX:NativeMemoryTracking=summary"
work=$(mktemp -d)
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] || e2e/cluster/down.sh >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mib() { awk -v k="$1" '$1 == k":" {printf "%.0f MiB", $2/1024}' "/proc/$app/status"; }

[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests -Dspotless.check.skip=true package
e2e/cluster/up.sh
k="$(cat "$E2E_DIR/bin")/kubectl --kubeconfig $E2E_DIR/kubeconfig"
# The PolicyReport CRD too, as the manifests install it: the leader's background audit writes them.
$k apply -f manifests/base/crd.yaml -f manifests/base/policyreport-crd.yaml >/dev/null
$k create namespace rollout-guard >/dev/null 2>&1 || true
$k create namespace bench >/dev/null 2>&1 || true
$k wait --for condition=established crd/rolloutpolicies.rolloutguard.io >/dev/null
for i in $(seq 1 "$n"); do
  cat <<YAML >&3
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
YAML
  cat <<YAML >&4
---
apiVersion: rolloutguard.io/v1alpha1
kind: RolloutPolicy
metadata: {name: app-$i, namespace: bench}
spec:
  targetRef: {name: app-$i}
  steps: [{canary: 1, pause: {duration: 30s}}, {canary: 50%, pause: {}}]
YAML
done 3> "$work/deployments.yaml" 4> "$work/policies.yaml"
start=$(date +%s)
if [ "$($k get rs -n bench --no-headers 2>/dev/null | wc -l)" -ge "$n" ]; then
  # A run with KEEP=1 left them: their statuses go, so that the wait below sees this run's.
  $k get rp -n bench -o json | python3 -c 'import json, sys
objects = json.load(sys.stdin)
for o in objects["items"]: o.pop("status", None)
json.dump(objects, sys.stdout)' | $k replace --subresource=status -f - >/dev/null
  echo "reused $n Deployments, ReplicaSets and RolloutPolicies (statuses cleared) in $(( $(date +%s) - start ))s"
else
  $k apply -f "$work/deployments.yaml" -f "$work/policies.yaml" >/dev/null
  echo "created $n Deployments and $n RolloutPolicies in $(( $(date +%s) - start ))s"
  # The Deployment controller creates the ReplicaSets at its own pace (client QPS 20); measure
  # rollout-guard, not it.
  until [ "$($k get rs -n bench --no-headers 2>/dev/null | wc -l)" -ge "$n" ]; do sleep 2; done
  echo "the Deployment controller created $n ReplicaSets $(( $(date +%s) - start ))s after that"
fi

echo "$("$java" -version 2>&1 | sed -n 2p); flags: $opts"
# shellcheck disable=SC2086 # the flags are words
"$java" $opts -Dkubeconfig="$E2E_DIR/kubeconfig" \
  -Drolloutguard.controller.enabled=true -Dquarkus.http.port=0 -Dquarkus.http.ssl-port=0 \
  -Dquarkus.management.port=0 \
  -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 300); do grep -q "Listening on" "$work/app.log" && break; sleep 0.1; done
grep -o "started in [0-9.]*s" "$work/app.log" | sed 's/^/JVM fast-jar /'
port=$(grep -oE 'Listening on: http://[^ ]*:[0-9]+' "$work/app.log" | grep -oE '[0-9]+$')
start=$(date +%s)
until [ "$($k get rp -n bench -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | grep -c .)" -ge "$n" ]; do
  kill -0 "$app" || { tail -20 "$work/app.log"; exit 1; }
  sleep 2
done
echo "all $n policies reconciled $(( $(date +%s) - start ))s after start"
echo "RSS with $n guarded Deployments cached: $(mib VmRSS) (peak $(mib VmHWM))"

# Admission at this size: an update of a guarded Deployment (RG004/RG005 look up its policy, the
# RG002 overlap check walks every workload of the namespace: N Deployments and N ReplicaSets).
$k get deployment -n bench "app-$(( (n + 1) / 2 ))" -o json > "$work/deployment.json"
gcs() { "$jdk_bin/jstat" -gc "$app" | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
  NR == 2 {print $c["YGC"], $c["FGC"], $c["GCT"]}'; }
read -r ygc0 fgc0 gct0 <<< "$(gcs)"
python3 - "$port" "$work/deployment.json" <<'PY'
import copy, http.client, json, statistics, sys, time
port, path = int(sys.argv[1]), sys.argv[2]
old = json.load(open(path))
new = copy.deepcopy(old)
new["spec"]["template"]["spec"]["containers"][0]["image"] += "-next"
meta = old["metadata"]
review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
    "uid": "bench", "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
    "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
    "operation": "UPDATE", "namespace": meta["namespace"], "name": meta["name"],
    "userInfo": {"username": "bench"}, "object": new, "oldObject": old, "dryRun": True}}
body = json.dumps(review).encode()
conn = http.client.HTTPConnection("127.0.0.1", port)
def review_once(endpoint):
    t = time.perf_counter()
    conn.request("POST", endpoint, body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    answer = json.loads(response.read())
    elapsed = (time.perf_counter() - t) * 1000
    if response.status != 200 or answer["response"]["uid"] != "bench":
        sys.exit(f"{endpoint}: unexpected answer {response.status} {answer}")
    return elapsed, answer["response"]["allowed"]
for endpoint in ("/validate", "/mutate"):
    for _ in range(500):  # warm-up
        review_once(endpoint)
    runs = [review_once(endpoint) for _ in range(2000)]
    ms = sorted(r[0] for r in runs)
    print(f"admission {endpoint} at this size, 2000 sequential reviews over HTTP keep-alive: "
          f"median {statistics.median(ms):.2f} ms, p99 {ms[int(len(ms) * 0.99)]:.2f} ms, "
          f"allowed {sum(r[1] for r in runs)}/2000")
PY
read -r ygc1 fgc1 gct1 <<< "$(gcs)"
echo "garbage collections during the reviews: $((ygc1 - ygc0)) young, $((fgc1 - fgc0)) full, $(echo "$gct1 - $gct0" | bc) s"
echo "RSS after the reviews: $(mib VmRSS); PolicyReports written by the audit: $($k get policyreports.wgpolicyk8s.io -A --no-headers 2>/dev/null | wc -l)"

"$jdk_bin/jcmd" "$app" GC.run >/dev/null
# jstat's columns are the same for every collector: survivors, eden and old generation used (KiB).
live=$("$jdk_bin/jstat" -gc "$app" | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
  NR == 2 {printf "%.0f", ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024}')
echo "live heap after a full GC: $live MiB (young and old generations)"
echo "RSS after that GC: $(mib VmRSS)"
if [ "${NMT:-0}" = 1 ]; then
  "$jdk_bin/jcmd" "$app" VM.native_memory summary scale=KB > "$work/nmt.txt"
  echo "Native Memory Tracking, committed:"
  awk '/^Total:/ {match($0, /committed=[0-9]+KB/); printf "  %-26s %6.1f MiB\n", "total", substr($0, RSTART + 10, RLENGTH - 12) / 1024}
    /^-  *[A-Za-z]/ {name = $0; sub(/^- */, "", name); sub(/ *\(.*/, "", name);
      match($0, /committed=[0-9]+KB/); v = substr($0, RSTART + 10, RLENGTH - 12) / 1024;
      if (v >= 0.5) printf "  %-26s %6.1f MiB\n", name, v}' "$work/nmt.txt"
  grep -E '^\s+\(threads #|^\s+\(stack: ' "$work/nmt.txt" | head -2 | sed 's/^ */  /'
  cp "$work/nmt.txt" "$E2E_DIR/nmt.txt"
  echo "threads by pool: $("$jdk_bin/jcmd" "$app" Thread.print | sed -n 's/^"\([^"]*\)".*/\1/p' \
    | sed -E 's/^(pool-[0-9]+)-thread-[0-9]+$/\1/; t; s/[-# ]*[0-9]+$//' | sort | uniq -c | sort -rn \
    | awk '{c = $1; $1 = ""; printf "%s%s x%d", sep, substr($0, 2), c; sep = ", "}')"
fi
cp "$work/app.log" "$E2E_DIR/app.log"
