#!/usr/bin/env bash
# Starts the packaged app with a throwaway self-signed certificate and no cluster, with the JVM
# flags of manifests/base/deployment.yaml, and loads /validate and /mutate over HTTPS
# with keep-alive on loopback using wrk. Prints start-up time, reviews/s, latency percentiles and
# RSS. wrk shares the machine's cores with the server, so the figures are conservative.
#   bench/run-https.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-8}
seconds=${2:-15}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
work=$(mktemp -d)
app=""
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; rm -rf "$work"' EXIT

mvn -B -q -DskipTests -Dspotless.check.skip=true package
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
management=$(free_port) # health and metrics (quarkus.management.port)
# The manifests' flags, read from the manifest so the two cannot drift apart.
opts=$(awk '/name: JAVA_OPTS_APPEND/ {getline; sub(/^ *value: */, ""); gsub(/"/, ""); print}' \
  manifests/base/deployment.yaml)
# shellcheck disable=SC2086 # the flags are words
MALLOC_ARENA_MAX=1 java $opts \
  -Drolloutguard.controller.enabled=false -Dquarkus.http.port=0 \
  -Dquarkus.http.ssl-port="$port" -Dquarkus.http.host=127.0.0.1 \
  -Dquarkus.management.port="$management" -Dquarkus.management.host=127.0.0.1 \
  -Dquarkus.http.ssl.certificate.files="$work/tls.crt" \
  -Dquarkus.http.ssl.certificate.key-files="$work/tls.key" \
  -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 100); do grep -q "Listening on" "$work/app.log" && break; sleep 0.1; done
grep -o "started in [0-9.]*s" "$work/app.log" | sed 's/^/JVM fast-jar /'
# Readiness waits for the warm-up reviews; the first review from outside comes after it, as the
# API server's would once the endpoint is ready.
start_ready=$(date +%s%N)
until curl -sf "http://127.0.0.1:$management/q/health/ready" >/dev/null; do sleep 0.05; done
echo "ready $(( ($(date +%s%N) - start_ready) / 1000000 )) ms after listening; $(grep -o 'warm-up: .*' "$work/app.log" | tr '\n' ' ')"
curl -ks -o /dev/null -w "first review after ready: %{time_total} s (TLS handshake included)\n" \
  -H 'Content-Type: application/json' --data-binary @src/test/resources/admission/deployment-good-kubia-v1.json \
  "https://127.0.0.1:$port/validate"
echo "RSS after start: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$app/status)"

load() { # endpoint fixture
  cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("src/test/resources/admission/$2.json", "rb")
wrk.body = f:read("*all")
f:close()
LUA
  wrk -t1 -c"$connections" -d5s -s "$work/post.lua" "https://127.0.0.1:$port/$1" >/dev/null # warm-up
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "https://127.0.0.1:$port/$1" \
    | awk -v ep="/$1" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {printf "HTTPS %s: %.0f reviews/s, p50 %s, p99 %s, non-2xx %d\n", ep, rps, p50, p99, bad}'
}
load validate deployment-good-kubia-v1
load mutate deployment-update-v1-to-latest
echo "RSS after load: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$app/status)"
