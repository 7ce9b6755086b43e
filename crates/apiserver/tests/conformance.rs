//! Conformance suite: kube-rs against the embedded API server, or against any cluster
//! when `OXBOW_CONFORMANCE_KUBECONFIG` names a kubeconfig (then nothing is started,
//! every test works in its own `conf-<random>` namespace and cleans up after itself).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod conformance {
    pub mod harness;

    mod bad_input;
    mod cel;
    mod crd;
    mod crud;
    mod discovery;
    mod fidelity;
    mod lifecycle;
    mod list;
    mod patching;
    mod rbac;
    mod watching;
}
