//! Runs `kubectl-smoke.sh` against an in-process [`TestCluster`]; skipped when kubectl
//! is not installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oxbow_apiserver::TestCluster;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_smoke_script_passes() {
    let has_kubectl = std::process::Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_kubectl {
        eprintln!("kubectl not found: skipping the kubectl smoke test");
        return;
    }
    let cluster = TestCluster::start().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/kubectl-smoke.sh");
    let out = tokio::process::Command::new("bash")
        .arg(script)
        .env("KUBECONFIG", cluster.kubeconfig_path())
        .output()
        .await
        .unwrap();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "kubectl smoke failed:\n{log}");
}
