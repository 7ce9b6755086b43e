//! The controller runner shared by the four binaries: sets up telemetry, the
//! Kubernetes client, metrics, the admin server, events and signal handling; waits
//! for the leader lease if asked to; then watches each registered kind (guarded,
//! all namespaces or the runtime namespace, optional label selector) and reconciles
//! with at most `--concurrent` objects per kind at a time.

mod config;
mod reconcile;
mod reconciler;
mod watch;

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use kube::Client;
use kube::runtime::controller::{Config as ControllerConfig, Controller};
use tokio_util::sync::CancellationToken;

use super::admin::{AdminError, AdminServer, Readiness};
use super::backoff::{FailureBackoff, IntervalJitter};
use super::leader::LeaderElector;
use super::metrics::{Metrics, MetricsError};
use super::object::FluxObject;
use super::status::StatusError;
use super::telemetry::TelemetryError;
use crate::events::{EventError, EventRecorder};

pub use self::config::RunnerConfig;
pub use self::reconciler::{Context, MarkProgressing, Never, Reconciler, Timing};

/// The runner could not start, or stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// Logging could not be set up.
    #[error(transparent)]
    Telemetry(#[from] TelemetryError),
    /// No Kubernetes client configuration was found.
    #[error("failed to create the kubernetes client")]
    Client(#[source] kube::Error),
    /// Metrics could not be registered.
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    /// The admin server could not listen.
    #[error(transparent)]
    Admin(#[from] AdminError),
    /// The event recorder could not be set up.
    #[error(transparent)]
    Events(#[from] EventError),
    /// A status or finalizer write failed.
    #[error(transparent)]
    Status(#[from] StatusError),
    /// Another replica took the lease; the process must restart to compete again.
    #[error("leader election lost")]
    LeadershipLost,
}

type KindTask = Box<
    dyn FnOnce(Arc<Context>, CancellationToken, watch::SyncTracker) -> BoxFuture<'static, ()>
        + Send,
>;

/// A controller process: its shared context, admin server and registered kinds.
pub struct Runner {
    config: RunnerConfig,
    context: Arc<Context>,
    readiness: Readiness,
    shutdown: CancellationToken,
    admin: AdminServer,
    namespace: Option<String>,
    runtime_namespace: String,
    kinds: Vec<KindTask>,
}

impl Runner {
    /// Starts a controller process: logging, the in-cluster or kubeconfig client,
    /// metrics, the admin server, events and SIGTERM/SIGINT handling.
    pub async fn start(config: RunnerConfig) -> Result<Self, RunnerError> {
        super::telemetry::init(&config.runtime.log)?;
        let client = Client::try_default().await.map_err(RunnerError::Client)?;
        Self::with_client(config, client, super::shutdown::on_signal()).await
    }

    /// Like [`Runner::start`] with a given client and shutdown token, and without
    /// installing a global log subscriber (tests, embedding).
    pub async fn with_client(
        config: RunnerConfig,
        client: Client,
        shutdown: CancellationToken,
    ) -> Result<Self, RunnerError> {
        let metrics = Metrics::new()?;
        let readiness = Readiness::default();
        let admin = AdminServer::start(
            &config.runtime.admin,
            metrics.clone(),
            readiness.clone(),
            shutdown.clone(),
        )
        .await?;
        tracing::info!(metrics = %admin.metrics_addr, health = %admin.health_addr, "admin server listening");
        let events = EventRecorder::new(
            &config.controller,
            Some(client.clone()),
            &config.events_addr,
            config.event_retry,
        )?;
        let runtime_namespace = std::env::var("RUNTIME_NAMESPACE")
            .ok()
            .filter(|ns| !ns.is_empty())
            .unwrap_or_else(|| client.default_namespace().to_owned());
        let namespace =
            (!config.runtime.watch.watch_all_namespaces).then(|| runtime_namespace.clone());
        let retry = &config.runtime.retry;
        let context = Arc::new(Context {
            client,
            controller: config.controller.clone(),
            events,
            metrics,
            timing: Timing {
                requeue_dependency: config.requeue_dependency,
                jitter: IntervalJitter::new(config.jitter_percentage),
                backoff: FailureBackoff::new(retry.min_retry_delay, retry.max_retry_delay),
            },
        });
        Ok(Self {
            config,
            context,
            readiness,
            shutdown,
            admin,
            namespace,
            runtime_namespace,
            kinds: Vec::new(),
        })
    }

    /// The shared context (client, events, metrics, timing).
    pub fn context(&self) -> &Arc<Context> {
        &self.context
    }

    /// Where `/metrics` is served.
    pub fn metrics_addr(&self) -> std::net::SocketAddr {
        self.admin.metrics_addr
    }

    /// Where `/healthz` and `/readyz` are served.
    pub fn health_addr(&self) -> std::net::SocketAddr {
        self.admin.health_addr
    }

    /// Registers kind `K`, reconciled by `reconciler`.
    pub fn reconcile<K: FluxObject, R: Reconciler<K>>(mut self, reconciler: R) -> Self {
        let namespace = self.namespace.clone();
        let selector = self.config.runtime.watch.watch_label_selector.clone();
        let concurrency = self.config.concurrency;
        self.kinds.push(Box::new(move |shared, stop, sync| {
            async move {
                let (store, stream, listed) = watch::guarded_watch::<K>(
                    shared.client.clone(),
                    namespace.as_deref(),
                    &selector,
                    &sync,
                );
                let ctx = Arc::new(reconcile::KindContext { shared, reconciler });
                let controller = Controller::for_stream(stream, store)
                    .with_config(ControllerConfig::default().concurrency(concurrency))
                    .graceful_shutdown_on(stop.clone().cancelled_owned())
                    .run(
                        reconcile::reconcile::<K, R>,
                        reconcile::error_policy::<K, R>,
                        ctx,
                    )
                    .for_each(|result| {
                        log_controller_error::<K>(result.err());
                        futures::future::ready(())
                    });
                tokio::pin!(controller);
                tokio::select! {
                    _ = &mut controller => return,
                    _ = stop.cancelled() => {}
                }
                // kube holds reconciles until the first list; if it never came
                // (e.g. the CRD is missing), nothing is in flight to wait for.
                if listed.load(std::sync::atomic::Ordering::SeqCst) {
                    controller.await;
                }
            }
            .boxed()
        }));
        self
    }

    /// Runs until SIGTERM/SIGINT (or the shutdown token): waits for the lease if
    /// leader election is on, reconciles, then finishes in-flight reconciles within
    /// the shutdown bound and releases the lease.
    pub async fn run(self) -> Result<(), RunnerError> {
        let Self {
            config,
            context,
            readiness,
            shutdown,
            admin,
            runtime_namespace,
            kinds,
            ..
        } = self;
        let leadership = if config.runtime.leader_election.enable_leader_election {
            let elector = LeaderElector::new(
                context.client.clone(),
                &runtime_namespace,
                &super::leader::lease_name(
                    &config.controller,
                    &config.runtime.watch.watch_label_selector,
                ),
                &identity(),
                &config.runtime.leader_election,
            );
            readiness.set(true);
            match elector.acquire(&shutdown).await {
                Some(leadership) => Some(leadership),
                None => {
                    admin.wait().await;
                    return Ok(());
                }
            }
        } else {
            None
        };
        let stop = shutdown.child_token();
        if let Some(lost) = leadership.as_ref().map(|l| l.lost()) {
            let stop = stop.clone();
            tokio::spawn(async move {
                lost.cancelled().await;
                stop.cancel();
            });
        }
        readiness.set(false);
        let sync = watch::SyncTracker::new(kinds.len(), readiness.clone());
        let controllers = futures::future::join_all(
            kinds
                .into_iter()
                .map(|task| task(context.clone(), stop.clone(), sync.clone())),
        );
        tokio::pin!(controllers);
        tracing::info!(controller = %config.controller, "starting controllers");
        tokio::select! {
            _ = &mut controllers => {}
            _ = stop.cancelled() => {
                if tokio::time::timeout(config.shutdown_timeout, &mut controllers).await.is_err() {
                    tracing::warn!(timeout = ?config.shutdown_timeout, "in-flight reconciles did not finish in time");
                }
            }
        }
        let lost = leadership.as_ref().is_some_and(|l| l.lost().is_cancelled());
        if let Some(leadership) = leadership {
            leadership.release().await;
        }
        shutdown.cancel();
        admin.wait().await;
        tracing::info!(controller = %config.controller, "stopped");
        if lost {
            Err(RunnerError::LeadershipLost)
        } else {
            Ok(())
        }
    }
}

/// Controller stream errors: watch failures and reconcile failures were logged
/// where they happened already.
fn log_controller_error<K: FluxObject>(
    error: Option<kube::runtime::controller::Error<RunnerError, kube::runtime::watcher::Error>>,
) {
    match error {
        None => {}
        // Watch failures are logged where they happen, in the guarded watch.
        Some(error) => tracing::debug!(
            kind = %K::kind(&()),
            error = &error as &dyn std::error::Error,
            "controller event"
        ),
    }
}

/// `<hostname>_<random>`, as controller-runtime names lease candidates.
fn identity() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "oxbow".to_owned());
    format!("{host}_{:016x}", rand::random::<u64>())
}
