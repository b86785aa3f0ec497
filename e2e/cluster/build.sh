#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kubectl from Go modules into a cache
# outside the repo, keyed by the Kubernetes version in go.mod. Nothing prebuilt is downloaded.
# Prints the cache directory on stdout; the build log goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -nE 's/^(require)?[[:space:]]*k8s\.io\/kubernetes (v[^ ]+).*/\2/p' "$here/go.mod" | head -1)
stamp=$(cat "$here/go.mod" "$here/go.sum" "$here/cmd/etcd/main.go" | sha256sum | cut -c1-12)
cache="${RG_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rollout-guard/k8s-$version-$stamp}"
bins=(etcd kube-apiserver kube-controller-manager kubectl)

complete=true
for b in "${bins[@]}"; do [ -x "$cache/$b" ] || complete=false; done
if $complete; then
  echo "kubernetes $version binaries cached in $cache" >&2
  echo "$cache"
  exit 0
fi

mkdir -p "$cache.tmp"
start=$(date +%s)
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1"
  ldflags+=" -X $pkg.gitMinor=$(echo "$version" | cut -d. -f2)"
  ldflags+=" -X $pkg.gitTreeState=clean"
done
cd "$here"
echo "building kubernetes $version (etcd, kube-apiserver, kube-controller-manager, kubectl)..." >&2
GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$cache.tmp/" \
  ./cmd/etcd \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kubectl >&2
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "built kubernetes $version binaries in $(( $(date +%s) - start ))s into $cache" >&2
echo "$cache"
