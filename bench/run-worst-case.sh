#!/usr/bin/env bash
# Worst-case reviews: for each hurtful shape at the largest size the API server accepts (a
# request body up to 3 MiB; objects up to about 1.5 MiB), posts reviews to /mutate and /validate
# of the packaged fast-jar started with the JVM flags of manifests/base/deployment.yaml, and
# prints the answer, the median time per review (keep-alive, loopback, sequential) and the bytes
# allocated per review (the JVM's allocation counter, jvm_gc_memory_allocated_bytes_total, read
# after a full GC before and after the reviews of each shape). Then checks the JVM still runs.
#   bench/run-worst-case.sh [reviews per shape and endpoint]
# Environment: JVM_OPTS (default: the manifests' flags), SKIP_BUILD=1 (uses target/quarkus-app).
set -euo pipefail
cd "$(dirname "$0")/.."
reviews=${1:-20}
manifest_opts=$(awk '/name: JAVA_OPTS_APPEND/ {getline; sub(/^ *value: */, ""); gsub(/"/, ""); print}' \
  manifests/base/deployment.yaml)
opts=${JVM_OPTS:-$manifest_opts}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
work=$(mktemp -d)
app=""
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; rm -rf "$work"' EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests -Dspotless.check.skip=true package
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086 # the flags are words
java $opts -Drolloutguard.controller.enabled=false -Drolloutguard.warm-up.reviews=0 \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dquarkus.http.ssl-port=0 \
  -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 300); do grep -q "Listening on" "$work/app.log" && break; sleep 0.1; done
grep -q "Listening on" "$work/app.log" || { cat "$work/app.log"; exit 1; }
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1); JVM flags: $opts"
echo "$reviews reviews per shape and endpoint, after 3 unmeasured"

APP=$app PORT=$port REVIEWS=$reviews FIXTURE=src/test/resources/admission/deployment-good-kubia-v1.json \
  python3 - <<'PY'
import http.client, json, os, re, statistics, subprocess, time, copy

port, app, n = int(os.environ["PORT"]), os.environ["APP"], int(os.environ["REVIEWS"])
base = json.load(open(os.environ["FIXTURE"]))
MIB = 1024 * 1024

def review(change):
    r = copy.deepcopy(base)
    change(r["request"]["object"])
    return json.dumps(r, separators=(",", ":")).encode()

def pod(change):
    return review(lambda o: change(o["spec"]["template"]["spec"]))

def fill(unit_bytes, target=int(1.45 * MIB)):
    return max(1, target // unit_bytes)

shapes = [
    ("containers: 500 on :latest (the cap)", pod(lambda s: s.update(containers=[{"name": f"c{i}", "image": "luksa/kubia:latest"} for i in range(500)]))),
    ("containers: 4,000 on :latest (was OOM)", pod(lambda s: s.update(containers=[{"name": f"c{i}", "image": "luksa/kubia:latest"} for i in range(4000)]))),
    ("containers: 1.45 MiB of them", pod(lambda s: s.update(containers=[{"name": f"c{i}", "image": "luksa/kubia:latest"} for i in range(fill(48))]))),
    ("long string: one 3 MiB annotation", review(lambda o: o["metadata"].update(annotations={"note": "x" * (3 * MIB - 2048)}))),
    ("long image: 1.45 MiB x@a.a.a... (was StackOverflowError)", pod(lambda s: s["containers"][0].update(image="x@" + "a." * (fill(2))))),
    ("deep nesting: 190 levels in a container", pod(lambda s: s["containers"][0].update(x=json.loads("[" * 180 + "]" * 180)))),
    ("deep nesting: 1.5 M '[' (refused at parse)", b"[" * (3 * MIB // 2)),
    ("env vars: 1,000 in one container (the cap)", pod(lambda s: s["containers"][0].update(env=[{"name": f"V{i}", "value": "x"} for i in range(1000)]))),
    ("env vars: 1.45 MiB in one container", pod(lambda s: s["containers"][0].update(env=[{"name": f"V{i}", "value": "x"} for i in range(fill(30))]))),
    ("owner references: 100 (the cap)", review(lambda o: o["metadata"].update(ownerReferences=[{"apiVersion": "v1", "kind": "ConfigMap", "name": f"cm{i}", "uid": f"00000000-0000-0000-0000-{i:012d}"} for i in range(100)]))),
    ("owner references: 1.45 MiB", review(lambda o: o["metadata"].update(ownerReferences=[{"apiVersion": "v1", "kind": "ConfigMap", "name": f"cm{i}", "uid": f"00000000-0000-0000-0000-{i:012d}"} for i in range(fill(105))]))),
    ("selector: 1.45 MiB of matchExpressions values", review(lambda o: o["spec"]["selector"].update(matchExpressions=[{"key": "app", "operator": "In", "values": ["kubia"] + [f"v{i}" for i in range(fill(9))]}]))),
]

def allocated():
    subprocess.run(["jcmd", app, "GC.run"], check=True, capture_output=True)
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/q/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    return float(re.search(r"^jvm_gc_memory_allocated_bytes_total(?:\{[^}]*\})? (\S+)", text, re.M).group(1))

def answer(status, body):
    if status != 200:
        return f"{status} {json.loads(body).get('error', '')[:60]}"
    r = json.loads(body)["response"]
    if r["allowed"]:
        return "allowed, " + ("patch" if "patch" in r else "warning" if r.get("warnings") else "no patch")
    return f"denied {r['status']['code']}"

print("| shape | body | endpoint | answer | median ms/review | MiB allocated/review |")
print("|---|---|---|---|---|---|")
conn = http.client.HTTPConnection("127.0.0.1", port)
for name, body in shapes:
    for endpoint in ("mutate", "validate"):
        def post():
            conn.request("POST", "/" + endpoint, body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            return r.status, r.read()
        for _ in range(3):
            post()
        before = allocated()
        times = []
        for _ in range(n):
            start = time.perf_counter()
            status, text = post()
            times.append((time.perf_counter() - start) * 1000)
        after = allocated()
        print(f"| {name} | {len(body) / MIB:.2f} MiB | /{endpoint} | {answer(status, text)} | "
              f"{statistics.median(times):.1f} | {(after - before) / n / MIB:.1f} |", flush=True)
PY
kill -0 "$app" && echo "the JVM still runs: RSS $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$app/status)"
grep -c "OutOfMemoryError\|StackOverflowError" "$work/app.log" | sed 's/^/OutOfMemoryError or StackOverflowError lines in the log: /'
