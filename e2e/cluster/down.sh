#!/usr/bin/env bash
# Stops what up.sh started and waits until no process is left.
set -uo pipefail
dir="${E2E_DIR:-target/e2e}"
for p in kube-controller-manager kube-apiserver etcd; do
  f="$dir/$p.pid"
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$f"
done
echo "cluster down"
