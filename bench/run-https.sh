#!/usr/bin/env bash
# Starts the packaged app with a throwaway self-signed certificate and no cluster, loads /validate
# and /mutate over HTTPS with keep-alive on loopback, and prints reviews/s, latency percentiles,
# start-up time and RSS. The load generator shares the machine's cores with the server.
#   bench/run-https.sh [threads] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-8}
seconds=${2:-15}
work=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

mvn -B -q -Pbench -DskipTests -Dspotless.check.skip=true package test-compile
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Drolloutguard.controller.enabled=false -Dquarkus.http.port=0 \
  -Dquarkus.http.ssl-port="$port" -Dquarkus.http.host=127.0.0.1 \
  -Dquarkus.http.ssl.certificate.files="$work/tls.crt" \
  -Dquarkus.http.ssl.certificate.key-files="$work/tls.key" \
  -Dquarkus.log.category.\"io.rolloutguard.admission.AdmissionService\".level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 100); do grep -q "Listening on" "$work/app.log" && break; sleep 0.1; done
grep -o "started in [0-9.]*s" "$work/app.log" | sed 's/^/JVM fast-jar /'

cp=$(mvn -B -q -Pbench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
load() {
  java -cp "target/test-classes:$cp" io.rolloutguard.bench.HttpsLoad \
    "https://127.0.0.1:$port/$1" "src/test/resources/admission/$2.json" "$threads" 5 "$seconds"
}
load validate deployment-good-kubia-v1
load mutate deployment-update-v1-to-latest
echo "RSS after load: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$app/status)"
