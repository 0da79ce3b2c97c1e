#!/usr/bin/env bash
# Turns the member cluster's locus-dispatcher identity (deploy/member/) into the kubeconfig
# Secret a Cluster object in the hub references.
#
#   deploy/member/make-kubeconfig-secret.sh MEMBER_CONTEXT CLUSTER_NAME [SERVER_URL] \
#     | kubectl --context HUB_CONTEXT apply -f -
#
# MEMBER_CONTEXT: kubectl context of the member cluster (after `apply -k deploy/member/` there)
# CLUSTER_NAME:   name of the Cluster object in the hub; the Secret is <CLUSTER_NAME>-kubeconfig
# SERVER_URL:     API server URL as the hub reaches it (default: the context's server)
# The Secret goes to namespace locus-system (LOCUS_NAMESPACE overrides). It holds a token:
# this script prints it to stdout only, for kubectl apply; keep it out of files and logs.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
context="$1"
cluster="$2"
namespace="${LOCUS_NAMESPACE:-locus-system}"
server="${3:-$(kubectl config view --raw --minify --context "$context" -o jsonpath='{.clusters[0].cluster.server}')}"

for _ in $(seq 1 30); do
  token="$(kubectl --context "$context" -n locus-system get secret locus-dispatcher-token -o jsonpath='{.data.token}' 2>/dev/null || true)"
  [[ -n "$token" ]] && break
  sleep 1
done
if [[ -z "${token:-}" ]]; then
  echo "make-kubeconfig-secret: no token in locus-system/locus-dispatcher-token; did you apply deploy/member/ to $context?" >&2
  exit 1
fi
ca="$(kubectl --context "$context" -n locus-system get secret locus-dispatcher-token -o jsonpath='{.data.ca\.crt}')"

kubeconfig="$(cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: ${cluster}
    cluster:
      server: ${server}
      certificate-authority-data: ${ca}
users:
  - name: locus-dispatcher
    user:
      token: $(printf '%s' "$token" | base64 -d)
contexts:
  - name: ${cluster}
    context:
      cluster: ${cluster}
      user: locus-dispatcher
current-context: ${cluster}
KUBECONFIG
)"

cat <<SECRET
apiVersion: v1
kind: Secret
metadata:
  name: ${cluster}-kubeconfig
  namespace: ${namespace}
  labels:
    app.kubernetes.io/part-of: locus
type: Opaque
data:
  kubeconfig: $(printf '%s' "$kubeconfig" | base64 | tr -d '\n')
SECRET
