#!/usr/bin/env bash
# kubectl smoke test of the embedded API server (or of any cluster).
#
#   bash crates/apiserver/tests/kubectl-smoke.sh
#
# Without KUBECONFIG it starts `oxbow-apiserver` ($OXBOW_APISERVER_BIN, default
# target/debug/oxbow-apiserver; build it with `cargo build -p oxbow-apiserver`) on a
# free port and stops it at the end. With KUBECONFIG set it uses that cluster and
# cleans up the namespace and CRD it creates.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
server_pid=""
suffix="$(printf '%04x%02x' $RANDOM $((RANDOM % 256)))"
ns="smoke-$suffix"
group="s$suffix.smoke.oxbow.dev"
crd="widgets.$group"

cleanup() {
    local code=$?
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    else
        kubectl delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true
        kubectl delete crd "$crd" --ignore-not-found --wait=false >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
    if [[ $code -eq 0 ]]; then echo "kubectl smoke: 1 passed, 0 failed"; else echo "kubectl smoke: 0 passed, 1 failed"; fi
    exit $code
}
trap cleanup EXIT

step() { echo "--- $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs a command and succeeds when its output contains $1. The output is read in full
# first: `cmd | grep -q` under pipefail fails when grep exits before cmd finishes writing.
output_has() {
    local want=$1 out; shift
    out="$("$@")" || return 1
    [[ $out == *"$want"* ]]
}
# Polls a command until it succeeds, at most $1 seconds (for asynchronous effects only).
eventually() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        (( SECONDS < end )) || fail "timed out waiting for: $*"
        sleep 0.1
    done
}

if [[ -z "${KUBECONFIG:-}" ]]; then
    bin="${OXBOW_APISERVER_BIN:-$root/target/debug/oxbow-apiserver}"
    [[ -x "$bin" ]] || fail "$bin not built (cargo build -p oxbow-apiserver)"
    export KUBECONFIG="$work/kubeconfig"
    "$bin" --port 0 --kubeconfig-out "$KUBECONFIG" --log warn >"$work/server.log" 2>&1 &
    server_pid=$!
    eventually 20 test -s "$KUBECONFIG"
    eventually 20 kubectl get --raw /readyz
fi
export KUBECACHEDIR="$work/cache"

cat >"$work/crd.yaml" <<EOF
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: $crd
spec:
  group: $group
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd$suffix]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        description: A widget for the smoke test.
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1, description: How big the widget is.}
              color: {type: string, enum: [red, blue], default: red}
          status:
            type: object
            properties:
              conditions:
                type: array
                items:
                  type: object
                  properties:
                    type: {type: string}
                    status: {type: string}
EOF
cat >"$work/widget.yaml" <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: $ns}
---
apiVersion: $group/v1
kind: Widget
metadata: {name: w1, namespace: $ns}
spec: {size: 3}
EOF

step "apply --server-side a CRD and wait until it is established"
kubectl apply --server-side -f "$work/crd.yaml"
kubectl wait --for=condition=Established "crd/$crd" --timeout=20s
eventually 20 kubectl get "widgets.$group" -A

step "apply --server-side an instance"
kubectl apply --server-side -f "$work/widget.yaml"

step "get (table)"
table="$(kubectl get "widgets.$group" -n "$ns")"
echo "$table"
grep -q 'SIZE' <<<"$table" || fail "no SIZE column"
grep -Eq '^w1 +[^ ]* *3 ' <<<"$table" || grep -Eq '^w1 .*3' <<<"$table" || fail "no row for w1"

step "get -o yaml (defaulted field present)"
output_has 'color: red' kubectl get "widgets.$group" w1 -n "$ns" -o yaml || fail "default not applied"

step "get -w sees an update"
kubectl get "widgets.$group" w1 -n "$ns" -w --output-watch-events >"$work/watch.out" 2>&1 &
watch_pid=$!
eventually 20 grep -q ADDED "$work/watch.out"
kubectl patch "widgets.$group" w1 -n "$ns" --type merge -p '{"spec":{"size":5}}'
eventually 20 grep -q MODIFIED "$work/watch.out"
kill "$watch_pid" 2>/dev/null || true
wait "$watch_pid" 2>/dev/null || true

step "patch --type merge"
[[ "$(kubectl get "widgets.$group" w1 -n "$ns" -o jsonpath='{.spec.size}')" == 5 ]] || fail "merge patch not applied"

step "wait --for=condition=Ready after a status patch"
kubectl patch "widgets.$group" w1 -n "$ns" --subresource=status --type merge \
    -p '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}'
kubectl wait --for=condition=Ready "widgets.$group/w1" -n "$ns" --timeout=20s

step "delete with a finalizer waits until the finalizer is removed"
kubectl patch "widgets.$group" w1 -n "$ns" --type merge -p '{"metadata":{"finalizers":["smoke.oxbow.dev/hold"]}}'
kubectl delete "widgets.$group" w1 -n "$ns" --timeout=30s >"$work/delete.out" 2>&1 &
delete_pid=$!
eventually 20 bash -c "kubectl get widgets.$group w1 -n $ns -o jsonpath='{.metadata.deletionTimestamp}' | grep -q ."
kill -0 "$delete_pid" 2>/dev/null || fail "delete returned before the finalizer was removed"
kubectl patch "widgets.$group" w1 -n "$ns" --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]'
wait "$delete_pid" || { cat "$work/delete.out"; fail "delete did not finish"; }

step "namespace delete cascades"
kubectl apply --server-side -f "$work/widget.yaml"
kubectl delete namespace "$ns" --timeout=30s
if kubectl get "widgets.$group" w1 -n "$ns" >/dev/null 2>&1; then fail "widget survived its namespace"; fi

step "api-resources lists the CRD with its short name"
output_has "wd$suffix" kubectl api-resources --api-group="$group" || fail "short name missing"

step "explain shows the schema"
output_has 'size' kubectl explain "widgets.spec" --api-version="$group/v1" || fail "explain lacks spec.size"
