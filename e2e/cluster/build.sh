#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kubectl from Go modules into a cache
# outside the repo, keyed by the Kubernetes version in go.mod. Nothing prebuilt is downloaded.
# `build.sh node` builds the kubelet and kube-scheduler of e2e/node into the same cache directory
# instead: one cache holds every binary, and the control-plane tests never pay for the node.
# Prints the cache directory on stdout; the build log goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -nE 's/^(require)?[[:space:]]*k8s\.io\/kubernetes (v[^ ]+).*/\2/p' "$here/go.mod" | head -1)
stamp=$(cat "$here/go.mod" "$here/go.sum" "$here/cmd/etcd/main.go" | sha256sum | cut -c1-12)
cache="${RG_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollout-guard/k8s-$version-$stamp}"
case "${1:-control-plane}" in
  control-plane)
    bins=(etcd kube-apiserver kube-controller-manager kubectl)
    pkgs=(./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager
      k8s.io/kubernetes/cmd/kubectl) ;;
  node)
    bins=(kubelet kube-scheduler)
    pkgs=(k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-scheduler) ;;
  *) echo "usage: $0 [control-plane|node]" >&2; exit 2 ;;
esac

complete=true
for b in "${bins[@]}"; do [ -x "$cache/$b" ] || complete=false; done
if $complete; then
  echo "kubernetes $version binaries cached in $cache" >&2
  echo "$cache"
  exit 0
fi

# A temporary directory per process: two builds of the same cache (a test run and a node start,
# say) must not write into each other's output; each then moves only its own binaries in.
tmp="$cache.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
start=$(date +%s)
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1"
  ldflags+=" -X $pkg.gitMinor=$(echo "$version" | cut -d. -f2)"
  ldflags+=" -X $pkg.gitTreeState=clean"
done
cd "$here"
echo "building kubernetes $version (${bins[*]})..." >&2
GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$tmp/" "${pkgs[@]}" >&2
mkdir -p "$cache"
for b in "${bins[@]}"; do mv -f "$tmp/$b" "$cache/$b"; done
echo "built kubernetes $version ${bins[*]} in $(( $(date +%s) - start ))s into $cache" >&2
echo "$cache"
