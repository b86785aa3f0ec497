#!/usr/bin/env bash
# Admission side by side on one e2e API server (e2e/cluster/up.sh, its own directory): the same
# kubia Deployment (:latest, imagePullPolicy IfNotPresent) created with ?dryRun=All in one
# namespace per configuration, in interleaved rounds, sequentially and from 8 concurrent clients,
# every response checked (201 and the expected imagePullPolicy):
#   none      no admission of ours: the baseline
#   noop      a no-op webhook pair in Go (allows, and returns the same one-field patch): the floor
#             of any webhook
#   rg        rollout-guard's webhooks (manifests/base/webhooks.yaml), the packaged fast-jar with
#             the manifests' JVM flags, warm
#   cel       the CEL policies of manifests/overlays/cel alone
#   cel+rg    the CEL overlay as deployed: the policies plus the state-only webhooks
#             (rolloutguard.cel.enabled=true)
#   kyverno   only when a cached build exists in ~/.cache/rollout-guard/kyverno-*/ (never built here)
# Prints medians, p99, throughput and the added median latency over the baseline with its ratios to
# the no-op webhook's and CEL's. About 5 minutes on 2 cores.
#   bench/run-side-by-side.sh [rounds] [requests per round] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
n=${2:-100}
clients=${3:-8}
export E2E_DIR=${E2E_DIR:-$PWD/target/e2e-bench}
export GOTOOLCHAIN=local
work=$(mktemp -d)
pids=()
K() { "$(cat "$E2E_DIR/bin")/kubectl" --kubeconfig "$E2E_DIR/kubeconfig" "$@"; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -f "$E2E_DIR/kubeconfig" ]; then
    K delete --ignore-not-found -f "$work/admission.json" >/dev/null 2>&1 || true
    [ -n "${BENCH_KEEP_CLUSTER:-}" ] || bash e2e/cluster/down.sh >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -n "${BENCH_NO_BUILD:-}" ] && [ -f target/quarkus-app/quarkus-run.jar ] \
  || mvn -B -q -DskipTests -Dspotless.check.skip=true package
bash e2e/cluster/up.sh
go build -o "$work/noop-webhook" ./bench/side-by-side/noop-webhook/main.go
go build -o "$work/load" ./bench/side-by-side/load/main.go

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=bench webhook CA" \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$work/ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/ext" -out "$work/tls.crt" 2>/dev/null

noop_port=$(free_port); rg_port=$(free_port); celrg_port=$(free_port)
rg_management=$(free_port); celrg_management=$(free_port) # health (quarkus.management.port)
"$work/noop-webhook" -addr "127.0.0.1:$noop_port" -cert "$work/tls.crt" -key "$work/tls.key" \
  > "$work/noop.log" 2>&1 &
pids+=($!)
# The JVM flags and malloc setting of manifests/base/deployment.yaml (C1 only, SerialGC, a 56 MiB
# heap), read from the manifest as bench/run-cache.sh does; RG_JVM_OPTS overrides them.
jvm_opts=${RG_JVM_OPTS:-$(awk '/name: JAVA_OPTS_APPEND/ {getline; sub(/^ *value: */, ""); gsub(/"/, ""); print}' \
  manifests/base/deployment.yaml)}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
start_app() { # port management-port extra-properties...
  local port=$1 management=$2; shift 2
  # shellcheck disable=SC2086 # the flags are words
  java $jvm_opts \
    -Drolloutguard.controller.enabled=false -Dquarkus.http.port=0 \
    -Dquarkus.http.ssl-port="$port" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.management.port="$management" -Dquarkus.management.host=127.0.0.1 \
    -Dquarkus.http.ssl.certificate.files="$work/tls.crt" \
    -Dquarkus.http.ssl.certificate.key-files="$work/tls.key" "$@" \
    -jar target/quarkus-app/quarkus-run.jar > "$work/app-$port.log" 2>&1 &
  pids+=($!)
}
start_app "$rg_port" "$rg_management"
start_app "$celrg_port" "$celrg_management" -Drolloutguard.cel.enabled=true
for port in "$rg_management" "$celrg_management"; do # ready = warmed up by its own reviews
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break
    sleep 0.1
  done
done

configs="none=bench-none:IfNotPresent,noop=bench-noop:Always,rg=bench-rg:Always"
configs+=",cel=bench-cel:Always,cel+rg=bench-celrg:Always"
kyverno=$(ls -d ~/.cache/rollout-guard/kyverno-*/ 2>/dev/null | head -1 || true)
if [ -n "$kyverno" ] && [ -x "$kyverno/kyverno" ]; then
  echo "kyverno: a cached build is in $kyverno, but this script does not run it yet" >&2
else
  echo "kyverno: skipped, no cached build in ~/.cache/rollout-guard/kyverno-*/ (not built here)"
fi

# Every configuration, routed to its namespace by the label rolloutguard.io/bench.
python3 - "$work" "$noop_port" "$rg_port" "$celrg_port" <<'PY'
import base64, copy, json, sys, yaml
work, noop, rg, celrg = sys.argv[1:]
ca = base64.b64encode(open(f"{work}/ca.crt", "rb").read()).decode()
def routed(selector, *values):
    selector = copy.deepcopy(selector or {})
    selector.setdefault("matchExpressions", []).append(
        {"key": "rolloutguard.io/bench", "operator": "In", "values": list(values)})
    return selector
items = []
webhooks = list(yaml.safe_load_all(open("manifests/base/webhooks.yaml")))
for name, port, bench in (("bench-rg", rg, "rg"), ("bench-celrg", celrg, "celrg")):
    for doc in copy.deepcopy(webhooks):
        doc["metadata"]["name"] = name
        path = "/mutate" if doc["kind"] == "MutatingWebhookConfiguration" else "/validate"
        for w in doc["webhooks"]:
            w["clientConfig"] = {"url": f"https://127.0.0.1:{port}{path}", "caBundle": ca}
            w["namespaceSelector"] = routed(w.get("namespaceSelector"), bench)
        items.append(doc)
for kind, path in (("MutatingWebhookConfiguration", "/mutate"), ("ValidatingWebhookConfiguration", "/validate")):
    items.append({"apiVersion": "admissionregistration.k8s.io/v1", "kind": kind,
        "metadata": {"name": "bench-noop"},
        "webhooks": [{"name": "noop.bench.rolloutguard.io", "admissionReviewVersions": ["v1"],
            "sideEffects": "None", "failurePolicy": "Fail", "timeoutSeconds": 5,
            "clientConfig": {"url": f"https://127.0.0.1:{noop}{path}", "caBundle": ca},
            "namespaceSelector": routed(None, "noop"),
            "rules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
                       "resources": ["deployments"], "scope": "Namespaced"}]}]})
for doc in yaml.safe_load_all(open("manifests/overlays/cel/policies.yaml")):
    if doc["kind"].endswith("Binding"):
        m = doc["spec"]["matchResources"]
        m["namespaceSelector"] = routed(m.get("namespaceSelector"), "cel", "celrg")
    items.append(doc)
for bench in ("none", "noop", "rg", "cel", "celrg"):
    items.append({"apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": f"bench-{bench}", "labels": {"rolloutguard.io/bench": bench}}})
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(f"{work}/admission.json", "w"))
request = json.load(open("src/test/resources/admission/deployment-create-latest-ifnotpresent.json"))
obj = request["request"]["object"]
obj["metadata"].pop("namespace", None)
json.dump(obj, open(f"{work}/deployment.json", "w"))
PY
K apply --server-side --force-conflicts -f "$work/admission.json" >/dev/null
for ns in none noop rg cel celrg; do # the API server loads configurations asynchronously
  until K -n "bench-$ns" get serviceaccount default >/dev/null 2>&1; do sleep 0.2; done
done
for pair in none:IfNotPresent noop:Always rg:Always cel:Always celrg:Always; do
  ns=${pair%%:*} expect=${pair#*:}
  for _ in $(seq 1 300); do
    got=$(K -n "bench-$ns" create --dry-run=server -f "$work/deployment.json" \
      -o jsonpath='{.spec.template.spec.containers[0].imagePullPolicy}' 2>/dev/null || true)
    [ "$got" = "$expect" ] && break
    sleep 0.2
  done
  [ "$got" = "$expect" ] || { echo "bench-$ns never answered $expect" >&2; exit 1; }
done

server=$(awk '/server:/ {print $2; exit}' "$E2E_DIR/kubeconfig")
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"\
" $(K version 2>/dev/null | awk '/Server/ {print "kube-apiserver " $3}'), $(java -version 2>&1 | head -1), $(go version | awk '{print $3}')"
echo "rollout-guard's JVM flags: $jvm_opts"
"$work/load" -server "$server" -ca "$E2E_DIR/pki/ca.crt" -cert "$E2E_DIR/pki/admin.crt" \
  -key "$E2E_DIR/pki/admin.key" -object "$work/deployment.json" -configs "$configs" \
  -rounds "$rounds" -n "$n" -clients "$clients" -warmup 500
