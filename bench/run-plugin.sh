#!/usr/bin/env bash
# Start-up of the kubectl plugin, with hyperfine, for `get` on a policy whose Deployment has 3 pods
# on the e2e cluster (so a real round of 4 requests and the fabric8 model's deserializers):
#   1. `java -jar quarkus-run.jar kubectl help`: the floor: the JVM and Quarkus' runner class loader
#   2. `java -jar quarkus-run.jar kubectl get`: the packaged app's command mode, no tuning
#   3. the same jars on a plain class path with an AppCDS archive, default JIT and GC
#   4. bin/kubectl-rollout_guard without its archive (ROLLOUT_GUARD_CDS=off): class path, C1, Serial GC
#   5. bin/kubectl-rollout_guard as installed: 4 plus the AppCDS archive its first run wrote
#   bench/run-plugin.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
export E2E_DIR=${E2E_DIR:-target/bench-e2e}
trap 'e2e/cluster/down.sh >/dev/null' EXIT
command -v hyperfine >/dev/null || { apt-get install -y hyperfine >/dev/null || { apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null; }; }
mvn -B -q -DskipTests -Dspotless.check.skip=true package
e2e/cluster/up.sh
kubeconfig=$E2E_DIR/kubeconfig
k="$(cat "$E2E_DIR/bin")/kubectl --kubeconfig $kubeconfig"
$k apply -f manifests/base/crd.yaml >/dev/null
$k create namespace bench >/dev/null 2>&1 || true
$k wait --for condition=established crd/rolloutpolicies.rolloutguard.io >/dev/null
$k -n bench create deployment kubia --image=luksa/kubia:v1 --replicas=3 >/dev/null 2>&1 || true
cat <<YAML | $k apply -f - >/dev/null
apiVersion: rolloutguard.io/v1alpha1
kind: RolloutPolicy
metadata: {name: kubia, namespace: bench}
spec:
  targetRef: {name: kubia}
  steps: [{canary: 1, pause: {}}, {canary: 50%, pause: {duration: 30s}}]
YAML
until [ "$($k -n bench get pods -o name | wc -l)" -ge 3 ]; do sleep 1; done

app=target/quarkus-app
jar=$app/quarkus-run.jar
cp="$app/app/*:$app/lib/main/*:$app/lib/boot/*"
lm=-Djava.util.logging.manager=org.jboss.logmanager.LogManager
args="kubectl get kubia -n bench --kubeconfig $kubeconfig"
export ROLLOUT_GUARD_CACHE=$E2E_DIR/plugin-cds
rm -rf "$ROLLOUT_GUARD_CACHE" "$E2E_DIR/cp.jsa"
java -XX:ArchiveClassesAtExit="$E2E_DIR/cp.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off $lm -cp "$cp" io.rolloutguard.Main $args >/dev/null
bin/kubectl-rollout_guard get kubia -n bench --kubeconfig "$kubeconfig" >/dev/null   # writes its archive
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(java -version 2>&1 | head -1)"
hyperfine -N -w 2 -r "$runs" \
  "java -jar $jar kubectl help" \
  "java -jar $jar $args" \
  "java -XX:SharedArchiveFile=$E2E_DIR/cp.jsa -Xlog:cds=off $lm -cp $cp io.rolloutguard.Main $args" \
  "env ROLLOUT_GUARD_CDS=off bin/kubectl-rollout_guard get kubia -n bench --kubeconfig $kubeconfig" \
  "bin/kubectl-rollout_guard get kubia -n bench --kubeconfig $kubeconfig"
