#!/usr/bin/env bash
# Starts etcd, kube-apiserver and kube-controller-manager on loopback, built from Go modules by
# build.sh. No scheduler and no kubelet: tests play the kubelet by patching pod status, unless
# e2e/node/up.sh joins a real node (the flags and controllers marked "node" below are for it).
# Writes an admin kubeconfig to $E2E_DIR/kubeconfig (default target/e2e) and waits for /readyz.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mkdir -p "${E2E_DIR:-target/e2e}" && cd "${E2E_DIR:-target/e2e}" && pwd)

if [ -f "$dir/kubeconfig" ] && [ -f "$dir/bin" ] \
  && [ -f "$dir/admission-control.yaml" ] \
  && "$(cat "$dir/bin")/kubectl" --kubeconfig "$dir/kubeconfig" get --raw /readyz >/dev/null 2>&1; then
  echo "cluster already up: $dir/kubeconfig"
  exit 0
fi
"$here/down.sh" >/dev/null 2>&1 || true

bin=$("$here/build.sh")
echo "$bin" > "$dir/bin"
start_ns=$(date +%s%N)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port); kcm_port=$(free_port)

pki="$dir/pki"; mkdir -p "$pki"; rm -rf "$dir/etcd-data"
openssl_quiet() { openssl "$@" 2>/dev/null; }
openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=rollout-guard-e2e-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt"
issue() { # name subject [san]
  local name=$1 subject=$2 san=${3:-}
  openssl_quiet req -newkey rsa:2048 -nodes -subj "$subject" -keyout "$pki/$name.key" -out "$pki/$name.csr"
  local ext="$pki/$name.ext"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n' > "$ext"
  if [ -n "$san" ]; then
    printf 'extendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" >> "$ext"
  else
    printf 'extendedKeyUsage=clientAuth\n' >> "$ext"
  fi
  openssl_quiet x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -CAcreateserial -days 2 -extfile "$ext" -out "$pki/$name.crt"
}
issue apiserver "/CN=kube-apiserver" \
  "IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
issue admin "/O=system:masters/CN=e2e-admin"
# The controller-manager's own user, as in a real cluster: the webhooks trust the built-in
# controllers by who sends the request (system:masters only for the rights a test cluster skips
# bootstrapping; with --use-service-account-credentials each controller uses its ServiceAccount).
issue kube-controller-manager "/O=system:masters/CN=system:kube-controller-manager"
# node: the API server's client certificate for the kubelet (logs, exec, port-forward).
issue apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
# The API server's client certificate for webhooks, which it presents only to a webhook that asks
# for one (rolloutguard.tls.client-ca, as ForgedReviewE2E sets it: the CA is $pki/ca.crt).
issue webhook-client "/CN=kube-apiserver-webhook-client"
openssl_quiet genrsa -out "$pki/sa.key" 2048
openssl_quiet rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

kubeconfig() { # user
  cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $pki/ca.crt
users:
- name: $1
  user:
    client-certificate: $pki/$1.crt
    client-key: $pki/$1.key
contexts:
- name: e2e
  context: {cluster: e2e, user: $1}
current-context: e2e
KUBECONFIG
}
kubeconfig admin > "$dir/kubeconfig"
kubeconfig kube-controller-manager > "$dir/kube-controller-manager.kubeconfig"
echo "$kcm_port" > "$dir/kcm-port"

# Both webhook admission plugins present that certificate to every webhook: user "*" is the
# default for any host, including the tests' URL webhooks at 127.0.0.1:<port>. kubeConfigFile must
# be an absolute path.
cat > "$dir/webhook-admission.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
users:
- name: "*"
  user:
    client-certificate: $pki/webhook-client.crt
    client-key: $pki/webhook-client.key
KUBECONFIG
cat > "$dir/admission-control.yaml" <<ADMISSION
apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: ValidatingAdmissionWebhook
  configuration:
    apiVersion: apiserver.config.k8s.io/v1
    kind: WebhookAdmissionConfiguration
    kubeConfigFile: $dir/webhook-admission.kubeconfig
- name: MutatingAdmissionWebhook
  configuration:
    apiVersion: apiserver.config.k8s.io/v1
    kind: WebhookAdmissionConfiguration
    kubeConfigFile: $dir/webhook-admission.kubeconfig
ADMISSION

launch() { # name args...
  local name=$1; shift
  setsid "$@" > "$dir/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}

launch etcd "$bin/etcd" --data-dir "$dir/etcd-data" \
  --listen-client-url "http://127.0.0.1:$etcd_port" --listen-peer-url "http://127.0.0.1:$peer_port"

# node: the API server reaches the kubelet by its InternalIP, never by its hostname (no DNS
# query may leave the machine), with a client certificate. --enable-aggregator-routing makes it
# call webhooks (and aggregated APIs) behind a Service at a ready endpoint's pod IP from the
# EndpointSlices instead of the ClusterIP: the same service resolver serves both, so no
# kube-proxy is needed. Webhooks registered by URL, as the control-plane tests do, are unaffected.
launch kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --admission-control-config-file "$dir/admission-control.yaml" \
  --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.0.0.0/24 \
  --authorization-mode RBAC --allow-privileged=true \
  --endpoint-reconciler-type none \
  --profiling=false --cert-dir "$dir/apiserver-certs" \
  --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types InternalIP \
  --enable-aggregator-routing=true

# node: the node-lifecycle controller lifts the not-ready taint the API server puts on a new
# node (and marks pods of a lost node not ready); the root CA publisher writes the
# kube-root-ca.crt ConfigMap that service-account token volumes need; the EndpointSlice controller
# lists ready pods behind a Service. Without a node they have nothing to do: no Node objects, and
# the tests' pods have no nodeName.
controllers=deployment,replicaset,garbagecollector,serviceaccount,namespace
controllers+=,node-lifecycle-controller,root-ca-certificate-publisher-controller,endpointslice-controller
echo "$controllers" > "$dir/kcm-controllers"
E2E_DIR="$dir" "$here/kcm.sh" own

for _ in $(seq 1 600); do
  if "$bin/kubectl" --kubeconfig "$dir/kubeconfig" get --raw /readyz >/dev/null 2>&1; then
    # Pods need their namespace's default ServiceAccount, which the controller manager creates.
    if "$bin/kubectl" --kubeconfig "$dir/kubeconfig" -n default get serviceaccount default >/dev/null 2>&1; then
      echo "cluster up in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms: kubectl --kubeconfig $dir/kubeconfig"
      exit 0
    fi
  fi
  for p in etcd kube-apiserver kube-controller-manager; do
    if ! kill -0 "$(cat "$dir/$p.pid")" 2>/dev/null; then
      echo "$p exited; last lines of $dir/$p.log:" >&2
      tail -20 "$dir/$p.log" >&2
      exit 1
    fi
  done
  sleep 0.2
done
echo "the API server did not become ready; see $dir/*.log" >&2
exit 1
