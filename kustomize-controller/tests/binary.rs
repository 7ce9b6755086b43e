//! Runs the kustomize-controller binary against the embedded API server: it must
//! adopt a Kustomization (finalizer, Reconciling/Ready conditions, handled
//! reconcile request), export its metrics and stop cleanly on SIGTERM.

// Test helpers outside #[test] functions fail loudly on a broken environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Patch, PatchParams, PostParams};
use kube::runtime::wait::{await_condition, conditions};
use kube::{Api, ResourceExt};
use oxbow_api::kustomize::Kustomization;
use oxbow_apiserver::TestCluster;
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(60);

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Controller(Child);

impl Drop for Controller {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

async fn install_crd(client: &kube::Client) {
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let crd = oxbow_api::crds::crd::<Kustomization>();
    let name = crd.name_any();
    crds.patch(
        &name,
        &PatchParams::apply("test").force(),
        &Patch::Apply(&crd),
    )
    .await
    .unwrap();
    tokio::time::timeout(
        DEADLINE,
        await_condition(crds, &name, conditions::is_crd_established()),
    )
    .await
    .expect("CRD established in time")
    .unwrap();
}

/// Polls `check` until it returns `Some`, failing after the deadline.
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = tokio::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn condition(k: &Kustomization, type_: &str) -> Option<(String, String)> {
    let status = k.status.as_ref()?;
    let c = status.conditions.iter().find(|c| c.type_ == type_)?;
    Some((format!("{:?}", c.status), c.reason.clone()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn controller_binary_adopts_kustomizations_and_stops_on_sigterm() {
    let cluster = TestCluster::start().await;
    let client = cluster.client();
    install_crd(&client).await;
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let ns = serde_json::from_value(json!({"metadata": {"name": "apps"}})).unwrap();
    let _ = namespaces.create(&PostParams::default(), &ns).await;

    let (metrics_port, health_port) = (free_port(), free_port());
    let child = Command::new(env!("CARGO_BIN_EXE_kustomize-controller"))
        .env("KUBECONFIG", cluster.kubeconfig_path())
        .env("RUNTIME_NAMESPACE", "apps")
        .args([
            &format!("--metrics-addr=127.0.0.1:{metrics_port}"),
            &format!("--health-addr=127.0.0.1:{health_port}"),
            "--log-encoding=console",
            "--enable-leader-election",
            "--leader-election-retry-period=100ms",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut controller = Controller(child);

    let http = reqwest::Client::new();
    eventually("readiness", || {
        let http = http.clone();
        async move {
            let response = http
                .get(format!("http://127.0.0.1:{health_port}/readyz"))
                .send()
                .await
                .ok()?;
            response.status().is_success().then_some(())
        }
    })
    .await;

    let api: Api<Kustomization> = Api::namespaced(client.clone(), "apps");
    let object: Kustomization = serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": "podinfo", "namespace": "apps",
                     "annotations": {"reconcile.fluxcd.io/requestedAt": "first"}},
        "spec": {"interval": "10m", "prune": true, "path": "./",
                 "sourceRef": {"kind": "GitRepository", "name": "podinfo"}},
    }))
    .unwrap();
    api.create(&PostParams::default(), &object).await.unwrap();

    let adopted = eventually("status written by the controller", || {
        let api = api.clone();
        async move {
            let k = api.get("podinfo").await.ok()?;
            let done = k
                .status
                .as_ref()?
                .reconcile_request
                .last_handled_reconcile_at
                .as_deref()
                == Some("first");
            done.then_some(k)
        }
    })
    .await;
    assert!(
        adopted
            .finalizers()
            .iter()
            .any(|f| f == "finalizers.fluxcd.io")
    );
    assert_eq!(
        condition(&adopted, "Reconciling"),
        Some(("True".into(), "Progressing".into()))
    );
    assert_eq!(
        condition(&adopted, "Ready"),
        Some(("Unknown".into(), "Progressing".into()))
    );
    let managers: Vec<_> = adopted
        .metadata
        .managed_fields
        .iter()
        .flatten()
        .filter_map(|m| m.manager.clone())
        .collect();
    assert!(
        managers.iter().any(|m| m == "gotk-kustomize-controller"),
        "{managers:?}"
    );

    // A new reconcile request is handled.
    api.patch(
        "podinfo",
        &PatchParams::default(),
        &Patch::Merge(
            json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "second"}}}),
        ),
    )
    .await
    .unwrap();
    eventually("second request handled", || {
        let api = api.clone();
        async move {
            let k = api.get("podinfo").await.ok()?;
            (k.status?
                .reconcile_request
                .last_handled_reconcile_at
                .as_deref()
                == Some("second"))
            .then_some(())
        }
    })
    .await;

    // A suspended object gets the finalizer and the suspend gauge, but no status.
    let paused: Kustomization = serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": "paused", "namespace": "apps"},
        "spec": {"interval": "10m", "prune": true, "suspend": true,
                 "sourceRef": {"kind": "GitRepository", "name": "podinfo"}},
    }))
    .unwrap();
    api.create(&PostParams::default(), &paused).await.unwrap();
    eventually("suspend recorded", || {
        let http = http.clone();
        async move {
            let text = http
                .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
                .send()
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            text.contains(
                "gotk_suspend_status{kind=\"Kustomization\",name=\"paused\",namespace=\"apps\"} 1",
            )
            .then_some(())
        }
    })
    .await;
    let paused = api.get("paused").await.unwrap();
    assert!(
        paused
            .status
            .as_ref()
            .is_none_or(|s| s.conditions.is_empty())
    );
    assert!(
        paused
            .finalizers()
            .iter()
            .any(|f| f == "finalizers.fluxcd.io")
    );

    let metrics = http
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "gotk_reconcile_condition{kind=\"Kustomization\",name=\"podinfo\",namespace=\"apps\",status=\"Unknown\",type=\"Ready\"} 1"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("gotk_reconcile_duration_seconds_bucket{kind=\"Kustomization\""));
    assert!(metrics.contains(
        "gotk_suspend_status{kind=\"Kustomization\",name=\"podinfo\",namespace=\"apps\"} 0"
    ));

    // The lease is held by the controller, and released on SIGTERM.
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(client.clone(), "apps");
    let lease = leases
        .get("kustomize-controller-leader-election")
        .await
        .unwrap();
    assert!(lease.spec.unwrap().holder_identity.is_some());

    let pid = controller.0.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = eventually("clean exit", || {
        let exited = controller.0.try_wait().unwrap();
        async move { exited }
    })
    .await;
    assert!(status.success(), "exit status {status:?}");
    let lease = leases
        .get("kustomize-controller-leader-election")
        .await
        .unwrap();
    assert_eq!(
        lease.spec.unwrap().holder_identity,
        None,
        "lease released on shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_object_the_schema_cannot_read_does_not_break_the_watch() {
    let cluster = TestCluster::start().await;
    let client = cluster.client();
    // A permissive CRD, as an older or hand-edited schema might be, so the API
    // server stores an object the controller's types cannot read.
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let mut crd = serde_json::to_value(oxbow_api::crds::crd::<Kustomization>()).unwrap();
    for version in crd["spec"]["versions"].as_array_mut().unwrap() {
        version["schema"] = json!({"openAPIV3Schema": {
            "type": "object", "x-kubernetes-preserve-unknown-fields": true}});
    }
    let crd: CustomResourceDefinition = serde_json::from_value(crd).unwrap();
    let name = crd.name_any();
    crds.patch(
        &name,
        &PatchParams::apply("test").force(),
        &Patch::Apply(&crd),
    )
    .await
    .unwrap();
    tokio::time::timeout(
        DEADLINE,
        await_condition(crds, &name, conditions::is_crd_established()),
    )
    .await
    .expect("CRD established in time")
    .unwrap();

    let api: Api<kube::api::DynamicObject> = Api::default_namespaced_with(
        client.clone(),
        &kube::api::ApiResource::erase::<Kustomization>(&()),
    );
    for (name, interval) in [("broken", json!(600)), ("healthy", json!("10m"))] {
        let object = serde_json::from_value(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"interval": interval, "prune": true,
                     "sourceRef": {"kind": "GitRepository", "name": "podinfo"}},
        }))
        .unwrap();
        api.create(&PostParams::default(), &object).await.unwrap();
    }

    let child = Command::new(env!("CARGO_BIN_EXE_kustomize-controller"))
        .env("KUBECONFIG", cluster.kubeconfig_path())
        .args([
            &format!("--metrics-addr=127.0.0.1:{}", free_port()),
            &format!("--health-addr=127.0.0.1:{}", free_port()),
            "--log-encoding=console",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _controller = Controller(child);

    eventually("the healthy object adopted", || {
        let api = api.clone();
        async move {
            let object = api.get("healthy").await.ok()?;
            object
                .data
                .get("status")?
                .get("conditions")?
                .as_array()?
                .first()
                .map(|_| ())
        }
    })
    .await;
    let broken = api.get("broken").await.unwrap();
    assert!(
        broken.data.get("status").is_none(),
        "the unreadable object is skipped"
    );
    assert!(broken.finalizers().is_empty());
}
