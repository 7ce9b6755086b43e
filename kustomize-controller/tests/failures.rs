//! The runner's failure path against the embedded API server, in process: a
//! stalling error stalls only its object, a transient one is retried with
//! backoff, and both reach the notification endpoint as Flux events.

// Test helpers outside #[test] functions fail loudly on a broken environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::routing::post;
use clap::Parser;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Patch, PatchParams, PostParams};
use kube::runtime::wait::{await_condition, conditions};
use kube::{Api, ResourceExt};
use oxbow_api::kustomize::Kustomization;
use oxbow_apiserver::TestCluster;
use oxbow_common::events::RetryPolicy;
use oxbow_common::runtime::flags::RuntimeFlags;
use oxbow_common::runtime::outcome::{Classify, ErrorClass, Outcome};
use oxbow_common::runtime::runner::{Context, Reconciler, Runner, RunnerConfig};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

const DEADLINE: Duration = Duration::from_secs(30);

#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    runtime: RuntimeFlags,
}

#[derive(Debug, thiserror::Error)]
enum StepError {
    #[error("path './missing' not found")]
    InvalidPath,
    #[error("failed to download artifact")]
    Download,
}

impl Classify for StepError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::InvalidPath => ErrorClass::Stalling,
            Self::Download => ErrorClass::Transient,
        }
    }
    fn reason(&self) -> &str {
        match self {
            Self::InvalidPath => "ArtifactFailed",
            Self::Download => "ArtifactFailed",
        }
    }
}

#[derive(Clone, Default)]
struct Failing {
    flaky_attempts: Arc<AtomicUsize>,
}

impl Reconciler<Kustomization> for Failing {
    type Error = StepError;

    async fn reconcile(
        &self,
        object: &mut Kustomization,
        _ctx: &Context,
    ) -> Result<Outcome, StepError> {
        match object.name_any().as_str() {
            "stalled" => Err(StepError::InvalidPath),
            _ => {
                self.flaky_attempts.fetch_add(1, Ordering::SeqCst);
                Err(StepError::Download)
            }
        }
    }
}

async fn event_sink() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route(
            "/",
            post(|State(tx): State<mpsc::UnboundedSender<Value>>, Json(body): Json<Value>| async move {
                let _ = tx.send(body);
            }),
        )
        .with_state(tx);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
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

fn condition(k: &Kustomization, type_: &str) -> Option<(String, String)> {
    let c = k
        .status
        .as_ref()?
        .conditions
        .iter()
        .find(|c| c.type_ == type_)?;
    Some((format!("{:?}", c.status), c.reason.clone()))
}

async fn kustomization(api: &Api<Kustomization>, name: &str) {
    let object: Kustomization = serde_json::from_value(json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"interval": "10m", "prune": true,
                 "sourceRef": {"kind": "GitRepository", "name": "podinfo"}},
    }))
    .unwrap();
    api.create(&PostParams::default(), &object).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_set_conditions_back_off_and_notify() {
    let cluster = TestCluster::start().await;
    let client = cluster.client();
    install_crd(&client).await;
    let (events_url, mut events) = event_sink().await;

    let flags = Flags::try_parse_from([
        "test",
        "--metrics-addr=127.0.0.1:0",
        "--health-addr=127.0.0.1:0",
        "--min-retry-delay=20ms",
        "--max-retry-delay=100ms",
    ])
    .unwrap();
    let mut config = RunnerConfig::new("kustomize-controller", &flags.runtime);
    config.events_addr = events_url;
    config.event_retry = RetryPolicy {
        min_wait: Duration::from_millis(5),
        ..RetryPolicy::default()
    };
    let reconciler = Failing::default();
    let attempts = reconciler.flaky_attempts.clone();
    let shutdown = CancellationToken::new();
    let runner = Runner::with_client(config, client.clone(), shutdown.clone())
        .await
        .unwrap()
        .reconcile::<Kustomization, _>(reconciler);
    let running = tokio::spawn(runner.run());

    let api: Api<Kustomization> = Api::namespaced(client, "default");
    kustomization(&api, "stalled").await;
    kustomization(&api, "flaky").await;

    let first = tokio::time::timeout(DEADLINE, events.recv())
        .await
        .expect("an event in time")
        .unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(first["reason"], "ArtifactFailed");
    assert_eq!(first["involvedObject"]["kind"], "Kustomization");
    assert_eq!(first["reportingController"], "kustomize-controller");

    let start = tokio::time::Instant::now();
    loop {
        let stalled = api.get("stalled").await.unwrap();
        let flaky = api.get("flaky").await.unwrap();
        let done = condition(&stalled, "Stalled") == Some(("True".into(), "ArtifactFailed".into()))
            && condition(&flaky, "Reconciling")
                == Some(("True".into(), "ProgressingWithRetry".into()))
            && attempts.load(Ordering::SeqCst) >= 3;
        if done {
            assert_eq!(
                condition(&stalled, "Ready"),
                Some(("False".into(), "ArtifactFailed".into()))
            );
            assert_eq!(condition(&stalled, "Reconciling"), None);
            assert_eq!(
                stalled.status.as_ref().unwrap().observed_generation,
                Some(1)
            );
            assert_eq!(
                condition(&flaky, "Ready"),
                Some(("False".into(), "ArtifactFailed".into()))
            );
            assert_eq!(condition(&flaky, "Stalled"), None);
            // Not final for the generation: left as it was (the CRD defaults it to -1).
            assert_ne!(flaky.status.as_ref().unwrap().observed_generation, Some(1));
            let message = &flaky.status.as_ref().unwrap().conditions[0].message;
            assert_eq!(message, "failed to download artifact");
            break;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "failures not summarized in time"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    shutdown.cancel();
    tokio::time::timeout(DEADLINE, running)
        .await
        .expect("runner stops in time")
        .unwrap()
        .unwrap();
}
