use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use kube::CustomResource;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::webhook::{Delivery, deliver};
use super::*;

#[derive(CustomResource, Clone, Debug, Default, Serialize, Deserialize)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "GitRepository",
    namespaced,
    schema = "disabled"
)]
struct GitRepositorySpec {
    url: String,
}

/// An HTTP sink on loopback that answers with scripted statuses (then 200) and
/// forwards every body it receives.
struct Sink {
    url: reqwest::Url,
    bodies: mpsc::UnboundedReceiver<Value>,
}

#[derive(Clone)]
struct SinkState {
    script: Arc<Mutex<VecDeque<u16>>>,
    bodies: mpsc::UnboundedSender<Value>,
}

async fn receive(State(state): State<SinkState>, Json(body): Json<Value>) -> StatusCode {
    let _ = state.bodies.send(body);
    let status = state.script.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

async fn sink(script: &[u16]) -> Sink {
    let (tx, rx) = mpsc::unbounded_channel();
    let state = SinkState {
        script: Arc::new(Mutex::new(script.iter().copied().collect())),
        bodies: tx,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route("/", post(receive))
        .with_state(state);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Sink {
        url: format!("http://{addr}/").parse().unwrap(),
        bodies: rx,
    }
}

impl Sink {
    async fn next(&mut self) -> Value {
        tokio::time::timeout(Duration::from_secs(10), self.bodies.recv())
            .await
            .expect("the sink received an event within the deadline")
            .unwrap()
    }

    fn received_nothing_more(&mut self) -> bool {
        self.bodies.try_recv().is_err()
    }
}

const FAST: RetryPolicy = RetryPolicy {
    max_retries: 3,
    min_wait: Duration::from_millis(1),
    max_wait: Duration::from_millis(5),
    timeout: Duration::from_secs(5),
};

fn repository() -> GitRepository {
    let mut repo = GitRepository::new(
        "podinfo",
        GitRepositorySpec {
            url: "https://example.com".into(),
        },
    );
    repo.metadata.namespace = Some("flux-system".into());
    repo.metadata.uid = Some("0b1c".into());
    repo.metadata.resource_version = Some("42".into());
    repo.metadata.annotations = Some(
        [
            (
                "event.toolkit.fluxcd.io/summary".to_owned(),
                "cluster: prod".to_owned(),
            ),
            ("unrelated/annotation".to_owned(), "x".to_owned()),
        ]
        .into(),
    );
    repo
}

fn sample_event() -> FluxEvent {
    FluxEvent::new(
        repository().object_ref(&()),
        Severity::Error,
        "Failed",
        "boom",
        BTreeMap::new(),
        "source-controller",
        "pod-1",
    )
}

#[tokio::test]
async fn posts_flux_event_payload_with_prefixed_metadata() {
    let mut sink = sink(&[]).await;
    let recorder = EventRecorder::new("source-controller", None, sink.url.as_str(), FAST).unwrap();
    let metadata = BTreeMap::from([
        ("revision".to_owned(), "main@sha1:1234".to_owned()),
        ("token".to_owned(), "abc".to_owned()),
    ]);
    recorder.record(
        &repository(),
        Severity::Info,
        "NewArtifact",
        "stored artifact from 'https://user:pass@example.com/repo'",
        metadata,
    );
    let body = sink.next().await;
    assert_eq!(
        body["involvedObject"],
        json!({
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "name": "podinfo",
            "namespace": "flux-system",
            "resourceVersion": "42",
            "uid": "0b1c",
        })
    );
    assert_eq!(body["severity"], "info");
    assert_eq!(body["reason"], "NewArtifact");
    assert_eq!(
        body["message"], "stored artifact from 'https://example.com/repo'",
        "credentials are redacted"
    );
    assert_eq!(
        body["metadata"],
        json!({
            "event.toolkit.fluxcd.io/summary": "cluster: prod",
            "source.toolkit.fluxcd.io/revision": "main@sha1:1234",
            "source.toolkit.fluxcd.io/token": "abc",
        })
    );
    assert_eq!(body["reportingController"], "source-controller");
    assert!(
        body["reportingInstance"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    let timestamp: jiff::Timestamp = body["timestamp"].as_str().unwrap().parse().unwrap();
    assert_eq!(timestamp.subsec_nanosecond(), 0);
    let keys: Vec<_> = body.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "involvedObject",
            "severity",
            "timestamp",
            "message",
            "reason",
            "metadata",
            "reportingController",
            "reportingInstance"
        ]
    );
}

#[tokio::test]
async fn trace_events_are_not_posted() {
    let mut sink = sink(&[]).await;
    let recorder = EventRecorder::new("source-controller", None, sink.url.as_str(), FAST).unwrap();
    recorder.record(
        &repository(),
        Severity::Trace,
        "Progressing",
        "step",
        BTreeMap::new(),
    );
    recorder.record(
        &repository(),
        Severity::Error,
        "Failed",
        "after the trace",
        BTreeMap::new(),
    );
    assert_eq!(sink.next().await["reason"], "Failed");
}

#[tokio::test]
async fn retries_server_errors_until_delivered() {
    let mut sink = sink(&[500, 503]).await;
    let client = reqwest::Client::new();
    assert_eq!(
        deliver(&client, &sink.url, &sample_event(), FAST).await,
        Delivery::Delivered
    );
    for _ in 0..3 {
        sink.next().await;
    }
    assert!(sink.received_nothing_more());
}

#[tokio::test]
async fn gives_up_after_the_retry_budget() {
    let mut sink = sink(&[500; 10]).await;
    let client = reqwest::Client::new();
    assert_eq!(
        deliver(&client, &sink.url, &sample_event(), FAST).await,
        Delivery::Failed
    );
    for _ in 0..=FAST.max_retries {
        sink.next().await;
    }
    assert!(sink.received_nothing_more());
}

#[tokio::test]
async fn too_many_requests_means_duplicate_and_is_not_retried() {
    let mut sink = sink(&[429]).await;
    let client = reqwest::Client::new();
    assert_eq!(
        deliver(&client, &sink.url, &sample_event(), FAST).await,
        Delivery::Duplicate
    );
    sink.next().await;
    assert!(sink.received_nothing_more());
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let mut sink = sink(&[400]).await;
    let client = reqwest::Client::new();
    assert_eq!(
        deliver(&client, &sink.url, &sample_event(), FAST).await,
        Delivery::Failed
    );
    sink.next().await;
    assert!(sink.received_nothing_more());
}

#[tokio::test]
async fn unreachable_receivers_fail_within_the_budget() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url: reqwest::Url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    drop(listener);
    let client = reqwest::Client::new();
    assert_eq!(
        deliver(&client, &url, &sample_event(), FAST).await,
        Delivery::Failed
    );
}

#[test]
fn refuses_non_http_addresses() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _guard = runtime.enter();
    assert!(EventRecorder::new("c", None, "notification-controller:9090", FAST).is_err());
    assert!(EventRecorder::new("c", None, "ftp://x/", FAST).is_err());
}
