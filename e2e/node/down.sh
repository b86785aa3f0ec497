#!/usr/bin/env bash
# Removes the node that up.sh joined, and everything it left on the host: pods and their shims,
# mounts, cgroups, the bridge, the iptables chains the kubelet added, and the sysctls as they
# were. Safe to run twice, after a crash, or when nothing is up. Leaves the control plane running
# (e2e/cluster/down.sh stops it) and keeps the logs in $E2E_DIR/node.
set -uo pipefail   # no -e: one step failing must not stop the others from cleaning up
given="${E2E_DIR:-target/e2e}"
E2E_DIR=$(cd "$given" 2>/dev/null && pwd) || { echo "node down (no $given)"; exit 0; }
dir="$E2E_DIR/node"
node_name="${RG_NODE_NAME:-rg-e2e-node}"
bridge="${RG_NODE_BRIDGE:-rge2e0}"
sock="$dir/containerd.sock"
[ "$(id -u)" = 0 ] || { echo "e2e/node/down.sh needs root" >&2; exit 1; }
# The host-wide state (bridge, chains, cgroups, sysctls) belongs to the node named in the owner
# file (up.sh); a down.sh of another directory leaves it alone.
owner=/run/rollout-guard-e2e-node.owner
if [ -s "$owner" ] && [ "$(cat "$owner")" != "$dir" ]; then
  echo "node down (the node on this machine is $(cat "$owner")'s)"; exit 0
fi

alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }
stop() { # name: SIGTERM, up to 10 s, then SIGKILL
  [ -f "$dir/$1.pid" ] || return 0
  local pid; pid=$(cat "$dir/$1.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$dir/$1.pid"
}
kubectl_() {
  [ -f "$E2E_DIR/bin" ] && timeout 20 "$(cat "$E2E_DIR/bin")/kubectl" --kubeconfig "$E2E_DIR/kubeconfig" \
    --request-timeout 10s "$@"
}
ctr_() { timeout 20 ctr --address "$sock" -n k8s.io "$@"; }
tasks() { ctr_ tasks ls -q 2>/dev/null | grep -c . ; }

# 1. No new pods: the scheduler goes first.
stop kube-scheduler

# 2. The kubelet stops its own pods, which tears down their networks (CNI DEL) and sandboxes.
#    Their controllers' replacements stay Pending: no scheduler, and the node is cordoned.
if alive kubelet && alive containerd && kubectl_ get node "$node_name" >/dev/null 2>&1; then
  kubectl_ cordon "$node_name" >/dev/null 2>&1
  kubectl_ delete pods --all-namespaces --field-selector "spec.nodeName=$node_name" \
    --grace-period=1 --wait=false >/dev/null 2>&1
  for _ in $(seq 1 300); do [ "$(tasks)" = 0 ] && break; sleep 0.2; done
fi
stop kubelet
kubectl_ delete node "$node_name" --wait=false >/dev/null 2>&1

# 3. After a crash the kubelet may not have done it: kill what is left through containerd.
if alive containerd; then
  for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -s SIGKILL "$t" >/dev/null 2>&1; done
  for _ in $(seq 1 50); do
    [ "$(ctr_ tasks ls 2>/dev/null | grep -c RUNNING)" = 0 ] && break; sleep 0.2
  done
  for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks rm -f "$t" >/dev/null 2>&1; done
fi
stop containerd
stop registry

# 4. Processes containerd no longer knows about (it crashed): the shims started for our socket,
#    and whatever still runs in the kubelet's pod cgroups.
for p in /proc/[0-9]*; do
  if { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -q -- "-address $sock "; then
    kill -9 "${p#/proc/}" 2>/dev/null
  fi
done
for procs in $(find /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods -name cgroup.procs 2>/dev/null); do
  xargs -r kill -9 < "$procs" 2>/dev/null
done

# 5. Mounts under the node directory, deepest first: container root filesystems, pod volumes,
#    network namespaces (netns_mounts_under_state_dir), the kubelet's root dir.
for _ in 1 2 3; do
  mounts=$(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
  [ -z "$mounts" ] && break
  for m in $mounts; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
done

# 6. Cgroups the kubelet created (kubepods and its QoS children), deepest first, in every
#    hierarchy; a cgroup can be removed once no process is left in it.
for _ in $(seq 1 20); do
  left=$(find /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods -depth -type d 2>/dev/null)
  [ -z "$left" ] && break
  for c in $left; do rmdir "$c" 2>/dev/null; done
  sleep 0.2
done

# 7. The bridge (its pod-side veths went with their network namespaces).
ip link del "$bridge" 2>/dev/null

# 8. The iptables chains the kubelet adds (IPv4 and IPv6) and up.sh's RG-E2E-NODE (pods to the
#    API server): jumps into them first, then the chains.
for v in iptables ip6tables; do
  command -v "$v-save" >/dev/null || continue
  for table in filter nat mangle; do
    chains=$("$v-save" -t "$table" 2>/dev/null | sed -nE 's/^:(KUBE-(FIREWALL|KUBELET-CANARY|IPTABLES-HINT|MARK-DROP|MARK-MASQ|POSTROUTING)|RG-E2E-NODE) .*/\1/p')
    for chain in $chains; do
      "$v-save" -t "$table" | grep -E "^-A [A-Z-]+ .*-j $chain( |$)" | sed 's/^-A /-D /' | while read -r rule; do
        eval "$v -t $table $rule" 2>/dev/null
      done
    done
    for chain in $chains; do "$v" -t "$table" -F "$chain" 2>/dev/null; done
    for chain in $chains; do "$v" -t "$table" -X "$chain" 2>/dev/null; done
  done
done

# 9. Sysctls as they were before up.sh (ip_forward from the bridge plugin, the kubelet's tunables).
if [ -f "$dir/sysctl.orig" ]; then
  while IFS= read -r kv; do sysctl -q -w "$kv" >/dev/null 2>&1 || echo "could not restore $kv" >&2; done < "$dir/sysctl.orig"
  rm -f "$dir/sysctl.orig"
fi

# 10. Host directories the node created: the kubelet's container log links, the CNI result cache,
#     the shim socket directory; only the entries that are ours when the directory was there before.
existed() { grep -qx "$1" "$dir/paths.orig" 2>/dev/null; }
find /var/log/containers -maxdepth 1 -lname "$dir/*" -delete 2>/dev/null
rm -f /var/lib/cni/results/rg-e2e-* 2>/dev/null
existed /var/log/containers || rmdir /var/log/containers 2>/dev/null
existed /var/lib/cni || rm -rf /var/lib/cni
existed /run/containerd || rm -rf /run/containerd
rm -f "$dir/paths.orig"

# 11. The node's state (containerd's images and snapshots, kubelet's root); logs and pod logs stay.
if awk -v d="$dir/" 'index($2, d) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
  echo "mounts left under $dir, state not removed:" >&2
  awk -v d="$dir/" 'index($2, d) == 1 { print "  " $2 }' /proc/self/mounts >&2
  exit 1
fi
find "$dir" -mindepth 1 -maxdepth 1 ! -name '*.log' ! -name pod-logs -exec rm -rf {} + 2>/dev/null
rm -f "$owner"
echo "node down"
