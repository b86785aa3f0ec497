#!/usr/bin/env bash
# Builds the container images of the e2e node as docker-archive tarballs, without a container
# engine or a registry (none is reachable here), for `ctr -n k8s.io images import`:
#
#   localhost/pause:e2e            the pod sandbox image (containerd's sandbox_image)
#   localhost/kubia:v1, :v2, :v3   the seed's kubia; v3 fails after the fifth request
#   localhost/rollout-guard:e2e    the packaged fast-jar (target/quarkus-app) on a jlink'd JDK 17,
#                                  built only when target/quarkus-app exists
#
# Each tarball is rebuilt only when its inputs change (a .stamp file beside it holds their hash).
# Prints the image directory on stdout; progress goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/rollout-guard"
out="${RG_NODE_IMAGES:-$cache_root/node-images}"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# up_to_date NAME HASH: true when NAME.tar was built from inputs with this hash.
up_to_date() { [ -f "$out/$1.tar" ] && [ "$(cat "$out/$1.stamp" 2>/dev/null)" = "$2" ]; }
pack() { # NAME REF ROOTFS CONFIG_JSON HASH
  python3 "$here/mkimage.py" "$out/$1.tar" "$2" "$3" "$4"
  echo "$5" > "$out/$1.stamp"
}
# A minimal /etc for programs that look up their user, and a world-writable /tmp.
base_rootfs() { # DIR UID NAME
  mkdir -p "$1/etc" "$1/tmp"
  chmod 1777 "$1/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\n%s:x:%s:%s:%s:/tmp:/sbin/nologin\n' "$3" "$2" "$2" "$3" > "$1/etc/passwd"
  printf 'root:x:0:\n%s:x:%s:\n' "$3" "$2" > "$1/etc/group"
}

# --- pause and kubia: static Go programs (CGO off, so no libc in the image) --------------------
go_hash=$( (cd "$here" && cat images/go.mod images/*/*.go mkimage.py images.sh; go version) | sha256sum | cut -c1-16)
gobuild() { # PKG OUT [LDFLAGS]
  (cd "$here/images" && CGO_ENABLED=0 nice go build -trimpath -ldflags "-s -w ${3:-}" -o "$2" "./$1")
}
if ! up_to_date pause "$go_hash"; then
  start=$(date +%s%N)
  base_rootfs "$work/pause" 65535 pause
  gobuild pause "$work/pause/pause"
  # The sandbox holds the pod's namespaces and needs no privileges, as the upstream pause image.
  pack pause localhost/pause:e2e "$work/pause" \
    '{"Entrypoint":["/pause"],"User":"65535:65535"}' "$go_hash"
  echo "pause image in $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
fi
for v in v1 v2 v3; do
  up_to_date "kubia-$v" "$go_hash" && continue
  start=$(date +%s%N)
  base_rootfs "$work/kubia-$v" 65534 nobody
  gobuild kubia "$work/kubia-$v/kubia" "-X main.version=$v"
  pack "kubia-$v" "localhost/kubia:$v" "$work/kubia-$v" \
    '{"Entrypoint":["/kubia"],"User":"65534:65534","ExposedPorts":{"8080/tcp":{}}}' "$go_hash"
  echo "kubia $v image in $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
done

# --- rollout-guard: the fast-jar on a Java runtime made by jlink from the machine's JDK 17 -----
app="$repo/target/quarkus-app"
if [ ! -f "$app/quarkus-run.jar" ]; then
  echo "no $app (run mvn package first): rollout-guard image not built" >&2
  echo "$out"
  exit 0
fi
jdk="${RG_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
grep -q 'JAVA_VERSION="17' "$jdk/release" || { echo "$jdk is not a JDK 17 (set RG_JDK)" >&2; exit 1; }
# The modules the fast-jar's classes use (jdeps -summary over every jar, by hand once), plus the
# providers that no static analysis sees: jdk.crypto.ec for the webhook's P-256 certificates and
# ECDHE, jdk.zipfs and jdk.management for Quarkus and Micrometer.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming
modules+=,java.sql,java.xml
modules+=,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.zipfs
jre_hash=$( (cat "$jdk/release"; echo "$modules") | sha256sum | cut -c1-16)
jre="$cache_root/jre-$jre_hash"
if [ ! -x "$jre/bin/java" ]; then
  start=$(date +%s%N)
  rm -rf "$jre.tmp"
  # --generate-cds-archive: class data sharing, as the JDK's own default archive, for start-up.
  # (jlink reports on stdout, which is this script's answer: send it to stderr.)
  nice "$jdk/bin/jlink" --add-modules "$modules" --output "$jre.tmp" --strip-debug --no-man-pages \
    --no-header-files --compress=2 --generate-cds-archive >&2
  rm -rf "$jre"
  mv "$jre.tmp" "$jre"
  echo "jlink runtime in $(( ($(date +%s%N) - start) / 1000000 )) ms: $jre" >&2
fi
app_hash=$( (cd "$app" && find . -type f | sort | xargs sha256sum; echo "$jre_hash";
  cat "$here/mkimage.py" "$here/images.sh") | sha256sum | cut -c1-16)
if ! up_to_date rollout-guard "$app_hash"; then
  start=$(date +%s%N)
  root="$work/rollout-guard"
  # uid 185, the user manifests/base/deployment.yaml runs as (runAsUser: 185), as in the UBI
  # OpenJDK image that src/main/docker/Dockerfile.jvm builds on.
  base_rootfs "$root" 185 rollout-guard
  mkdir -p "$root/opt" "$root/deployments" "$root/bin"
  cp -a "$jre" "$root/opt/java"
  cp -a "$app/." "$root/deployments/"
  # A shell, so the entrypoint can expand JAVA_OPTS_APPEND as the UBI image's run-java.sh does
  # (the manifests pass the heap and tmpdir options in it).
  cp -L /bin/dash "$root/bin/sh"
  # The JDK and dash are dynamically linked: copy the host libraries they load (glibc, zlib,
  # libstdc++...), as ldd resolves them. java.desktop's native AWT, font, image and sound
  # libraries are left out of the scan: a headless server never loads them, and they would pull
  # in X11, freetype and ALSA.
  desktop='/lib(awt|awt_headless|awt_xawt|fontmanager|javajpeg|jawt|jsound|lcms|mlib_image|splashscreen)\.so$'
  { ldd /bin/dash
    find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) | grep -Ev "$desktop" \
      | xargs -n1 ldd 2>/dev/null || true; } \
    | grep -oE '(=> )?/[^ ]+\.so[^ ]*' | sed 's/^=> //' | sort -u | while read -r lib; do
      case "$lib" in "$root"/*) continue ;; esac
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  pack rollout-guard localhost/rollout-guard:e2e "$root" "$(cat <<'JSON'
{"Entrypoint":["/bin/sh","-c","exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"],
 "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"],
 "User":"185:185","WorkingDir":"/deployments","ExposedPorts":{"8443/tcp":{},"9000/tcp":{}}}
JSON
)" "$app_hash"
  echo "rollout-guard image in $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
fi
echo "$out"
