#!/usr/bin/env bash
# (Re)starts the kube-controller-manager of up.sh in one of its two identity modes, which decide
# the user a controller's requests carry (what the webhooks' matchConditions trust):
#   own  its own user, system:kube-controller-manager (--use-service-account-credentials=false)
#   sa   one ServiceAccount per controller, such as
#        system:serviceaccount:kube-system:replicaset-controller (kubeadm's default)
set -euo pipefail
mode=${1:?usage: kcm.sh own|sa}
case "$mode" in own) sa=false ;; sa) sa=true ;; *) echo "usage: kcm.sh own|sa" >&2; exit 2 ;; esac
dir=$(cd "${E2E_DIR:-target/e2e}" && pwd)
bin=$(cat "$dir/bin")
pki="$dir/pki"

if [ -f "$dir/kube-controller-manager.pid" ]; then
  pid=$(cat "$dir/kube-controller-manager.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
fi

setsid "$bin/kube-controller-manager" \
  --kubeconfig "$dir/kube-controller-manager.kubeconfig" \
  --controllers "$(cat "$dir/kcm-controllers")" \
  --leader-elect=false --use-service-account-credentials="$sa" \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --bind-address 127.0.0.1 --secure-port "$(cat "$dir/kcm-port")" --profiling=false \
  > "$dir/kube-controller-manager.log" 2>&1 < /dev/null &
echo $! > "$dir/kube-controller-manager.pid"
echo "$mode" > "$dir/kcm-mode"
