#!/usr/bin/env bash
# Joins one real node to the e2e control plane of e2e/cluster (started first if it is not up):
# containerd and runc from Debian, a CNI bridge of its own, and a kubelet and kube-scheduler built
# from the same Go module as the control plane. Waits until the node is Ready and schedulable.
#
# Needs root (CI runs as root): it installs Debian packages when missing, creates a bridge, and
# the kubelet creates cgroups and iptables chains. down.sh undoes all of it. Everything lives in
# $E2E_DIR/node (default target/e2e/node); nothing listens off the machine and nothing resolves a
# name through DNS: the API server dials the kubelet by IP, pods get no nameserver.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export E2E_DIR="${E2E_DIR:-target/e2e}"
mkdir -p "$E2E_DIR"
E2E_DIR=$(cd "$E2E_DIR" && pwd)
dir="$E2E_DIR/node"
# Names and addresses of our own, so that nothing of the host's (cni0, docker0) is touched.
node_name="${RG_NODE_NAME:-rg-e2e-node}"
bridge="${RG_NODE_BRIDGE:-rge2e0}"
subnet_prefix="${RG_NODE_SUBNET_PREFIX:-10.88.77}"   # a /24; the bridge (and the node) is .1
node_ip="$subnet_prefix.1"
start_ns=$(date +%s%N)

[ "$(id -u)" = 0 ] || { echo "e2e/node/up.sh needs root (containerd, cgroups, a bridge)" >&2; exit 1; }

kubectl_() { "$(cat "$E2E_DIR/bin")/kubectl" --kubeconfig "$E2E_DIR/kubeconfig" "$@"; }
node_ready() {
  [ "$(kubectl_ get node "$node_name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ] \
    && [ -z "$(kubectl_ get node "$node_name" -o jsonpath='{.spec.taints}' 2>/dev/null)" ]
}
alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

# Running twice: a node that is up stays up.
if [ -f "$E2E_DIR/kubeconfig" ] && alive registry && alive containerd && alive kubelet && alive kube-scheduler \
  && node_ready; then
  echo "node already up: $node_name"
  exit 0
fi

# --- Debian packages (apt-get update only when something is missing) -----------------------------
# crun is not used: 1.8.1 fails on this kernel's hybrid cgroup layout ("cgroups in hybrid mode not
# supported"); runc works.
packages=(containerd runc containernetworking-plugins iptables)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  t=$(date +%s%N)
  echo "installing ${missing[*]}..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  echo "packages installed in $(( ($(date +%s%N) - t) / 1000000 )) ms" >&2
fi

# --- the control plane, binaries and images ----------------------------------------------------
"$here/../cluster/up.sh"
bin=$("$here/../cluster/build.sh" node)
images=$("$here/images.sh")

# The CNCF distribution registry from its Go module (e2e/node/registry), for the tests that push
# an image and let containerd pull it over plain HTTP on loopback. Cached like the other binaries.
reg_hash=$(cat "$here/registry/go.mod" "$here/registry/go.sum" | sha256sum | cut -c1-12)
reg_bin="${XDG_CACHE_HOME:-$HOME/.cache}/rollout-guard/registry-$reg_hash/registry"
if [ ! -x "$reg_bin" ]; then
  t=$(date +%s%N)
  echo "building the distribution registry..." >&2
  (cd "$here/registry" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
    -o "$reg_bin.tmp.$$" github.com/distribution/distribution/v3/cmd/registry)
  mv -f "$reg_bin.tmp.$$" "$reg_bin"
  echo "built the registry in $(( ($(date +%s%N) - t) / 1000000 )) ms" >&2
fi

# One node per machine: the bridge, the kubelet's iptables chains and cgroups are host-wide. A
# second run (another worktree, another CI job on the host) waits up to 20 minutes for the first
# node's down.sh, then fails saying whose node it is. The owner file names the directory.
owner=/run/rollout-guard-e2e-node.owner
owner_alive() { # a node of another directory whose kubelet or containerd still runs
  local other; other=$(cat "$owner" 2>/dev/null) || return 1
  [ -n "$other" ] && [ "$other" != "$dir" ] || return 1
  for p in kubelet containerd; do
    [ -f "$other/$p.pid" ] && kill -0 "$(cat "$other/$p.pid")" 2>/dev/null && return 0
  done
  return 1
}
if owner_alive; then
  echo "another e2e node runs on this machine ($(cat "$owner")); waiting for its down.sh..." >&2
  for _ in $(seq 1 1200); do owner_alive || break; sleep 1; done
  owner_alive && { echo "another e2e node still runs on this machine: $(cat "$owner")" >&2; exit 1; }
fi
echo "$dir" > "$owner"

# Whatever a crashed or half-started node left behind goes first (down.sh is idempotent).
"$here/down.sh" >/dev/null
# Pod logs of the last run stay until the next up (down.sh keeps them), for a crash to be read.
rm -rf "$dir/pod-logs"
mkdir -p "$dir"/{containerd,cni/net.d,cni/ipam,kubelet/root,kubelet/pki,pod-logs,registry}

# Host state that the node changes and down.sh restores: sysctls (the CNI bridge plugin turns on
# ip_forward; the kubelet sets its kernel tunables), and whether /var/lib/cni (the CNI result
# cache), /var/log/containers (the kubelet's log links) and /run/containerd (shim sockets)
# existed before.
sysctls=(net.ipv4.ip_forward vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
: > "$dir/sysctl.orig"
for s in "${sysctls[@]}"; do echo "$s=$(sysctl -n "$s")" >> "$dir/sysctl.orig"; done
: > "$dir/paths.orig"
for p in /var/lib/cni /var/log/containers /run/containerd; do
  if [ -e "$p" ]; then echo "$p" >> "$dir/paths.orig"; fi
done

# --- the bridge, created here so that the kubelet's --node-ip exists before the kubelet starts --
ip link add "$bridge" type bridge
ip addr add "$node_ip/24" dev "$bridge"
ip link set "$bridge" up
cat > "$dir/cni/net.d/10-rg-e2e.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "rg-e2e",
  "plugins": [{
    "type": "bridge",
    "bridge": "$bridge",
    "isGateway": true,
    "ipMasq": false,
    "hairpinMode": true,
    "ipam": {
      "type": "host-local",
      "ranges": [[{"subnet": "$subnet_prefix.0/24", "gateway": "$node_ip"}]],
      "routes": [{"dst": "0.0.0.0/0"}],
      "dataDir": "$dir/cni/ipam"
    }
  }]
}
JSON
# Pods reach the API server as in-cluster clients do: KUBERNETES_SERVICE_HOST is the ClusterIP of
# the `kubernetes` Service (10.0.0.1:443, in the serving certificate), but there is no kube-proxy
# and the API server listens on loopback only. So packets from the bridge to 10.0.0.1:443 are
# DNAT'ed to it, which the kernel routes only with route_localnet on the bridge (a setting that
# goes away with the bridge). One rule in a chain of our own, removed by down.sh.
api_port=$(sed -nE 's#^ *server: https://127\.0\.0\.1:([0-9]+).*#\1#p' "$E2E_DIR/kubeconfig")
sysctl -q -w "net.ipv4.conf.$bridge.route_localnet=1"
iptables -t nat -N RG-E2E-NODE
iptables -t nat -A RG-E2E-NODE -d 10.0.0.1/32 -p tcp --dport 443 -j DNAT --to-destination "127.0.0.1:$api_port"
iptables -t nat -A PREROUTING -i "$bridge" -j RG-E2E-NODE
# Pods get an empty resolv.conf: with no nameserver, a lookup in a pod stays in its own loopback.
: > "$dir/resolv.conf"

launch() { # name args...
  local name=$1; shift
  setsid "$@" > "$dir/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}
wait_for() { # what seconds command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $(( seconds * 5 ))); do
    "$@" >/dev/null 2>&1 && return 0
    for p in registry containerd kube-scheduler kubelet; do
      if [ -f "$dir/$p.pid" ] && ! alive "$p"; then
        echo "$p exited while waiting for $what; last lines of $dir/$p.log:" >&2
        tail -20 "$dir/$p.log" >&2
        exit 1
      fi
    done
    sleep 0.2
  done
  echo "timed out after ${seconds}s waiting for $what; logs in $dir" >&2
  exit 1
}

free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"; }

# --- the registry, on loopback, plain HTTP -------------------------------------------------------
registry="127.0.0.1:$(free_port 127.0.0.1)"
cat > "$dir/registry/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/registry/data}
  delete: {enabled: true}
http:
  addr: $registry
YAML
# OpenTelemetry off: its exporter would dial a collector that does not exist.
launch registry env OTEL_SDK_DISABLED=true OTEL_TRACES_EXPORTER=none "$reg_bin" serve "$dir/registry/config.yml"
echo "$registry" > "$dir/registry.address"
wait_for registry 30 python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://$registry/v2/"

# --- containerd ---------------------------------------------------------------------------------
sock="$dir/containerd.sock"
# containerd pulls from our registry over plain HTTP (hosts.toml per registry host).
mkdir -p "$dir/containerd/certs.d/$registry"
cat > "$dir/containerd/certs.d/$registry/hosts.toml" <<TOML
server = "http://$registry"
[host."http://$registry"]
  capabilities = ["pull", "resolve", "push"]
TOML
cat > "$dir/containerd/config.toml" <<TOML
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = "$dir/containerd-debug.sock"
[metrics]
  address = ""
[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    # One of our images (images.sh): no registry is reachable.
    sandbox_image = "localhost/pause:e2e"
    enable_selinux = false
    # This VM's root lacks CAP_SYS_RESOURCE: without this, runc cannot set the sandbox's
    # oom_score_adj to -998 and fails with "can't get final child's PID from pipe: EOF".
    restrict_oom_score_adj = true
    # Pod network namespaces under the state directory instead of /run/netns.
    netns_mounts_under_state_dir = true
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          BinaryName = "/usr/bin/runc"
          # runc's state in the node directory, not /run/containerd/runc
          Root = "$dir/containerd/runc"
          SystemdCgroup = false
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "$dir/containerd/certs.d"
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = "$dir/cni/net.d"
      max_conf_num = 1
  [plugins."io.containerd.internal.v1.opt"]
    path = "$dir/containerd/opt"
TOML
launch containerd containerd --config "$dir/containerd/config.toml"
ctr_() { ctr --address "$sock" -n k8s.io "$@"; }
wait_for containerd 30 ctr_ version
for tar in "$images"/*.tar; do
  ctr_ images import "$tar" >/dev/null
done
echo "images: $(ctr_ images ls -q | grep -c '^localhost/') imported from $images" >&2
echo "$images" > "$dir/images.dir"

# --- kube-scheduler -----------------------------------------------------------------------------
launch kube-scheduler "$bin/kube-scheduler" \
  --kubeconfig "$E2E_DIR/kubeconfig" \
  --authentication-kubeconfig "$E2E_DIR/kubeconfig" --authorization-kubeconfig "$E2E_DIR/kubeconfig" \
  --leader-elect=false --bind-address 127.0.0.1 --secure-port "$(free_port 127.0.0.1)"

# --- kubelet ------------------------------------------------------------------------------------
cat > "$dir/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This VM is cgroup v1 (hybrid); kubelet refuses v1 by default since 1.35.
failCgroupV1: false
cgroupDriver: cgroupfs
failSwapOn: false
containerRuntimeEndpoint: unix://$sock
imageServiceEndpoint: unix://$sock
# The kubelet serves on the bridge address, where the API server dials it (InternalIP).
address: $node_ip
port: $(free_port "$node_ip")
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port 127.0.0.1)
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $E2E_DIR/pki/ca.crt}
authorization:
  mode: AlwaysAllow
resolvConf: $dir/resolv.conf
podLogsDir: $dir/pod-logs
# Our images cannot be pulled again, so the image GC must never remove one.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: "100Mi"
  nodefs.available: "1%"
  imagefs.available: "1%"
serializeImagePulls: false
nodeStatusUpdateFrequency: 2s
syncFrequency: 10s
fileCheckFrequency: 20s
YAML
# The admin kubeconfig: the API server runs RBAC only (no Node authorizer), so the node needs no
# credentials of its own.
launch kubelet "$bin/kubelet" \
  --config "$dir/kubelet/config.yaml" \
  --kubeconfig "$E2E_DIR/kubeconfig" \
  --root-dir "$dir/kubelet/root" --cert-dir "$dir/kubelet/pki" \
  --hostname-override "$node_name" --node-ip "$node_ip" --v=2

# Ready, and the not-ready taint lifted by the node-lifecycle controller, so pods can land on it.
wait_for "node $node_name Ready and untainted" 120 node_ready
echo "node up in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms: $node_name ($node_ip), kubectl --kubeconfig $E2E_DIR/kubeconfig"
