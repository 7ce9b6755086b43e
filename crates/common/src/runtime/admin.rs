//! The admin endpoints: `/metrics` on `--metrics-addr`, `/healthz` and `/readyz` on
//! `--health-addr` (one listener serves all three when both flags name the same address).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::flags::AdminFlags;
use super::metrics::Metrics;

/// An admin listener could not be started.
#[derive(Debug, thiserror::Error)]
#[error("failed to listen on {address}")]
pub struct AdminError {
    address: String,
    #[source]
    source: std::io::Error,
}

/// Whether the controller is ready: caches synced, or standing by for the lease.
#[derive(Clone, Debug, Default)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    /// Marks the controller ready (or not).
    pub fn set(&self, ready: bool) {
        self.0.store(ready, Ordering::SeqCst);
    }

    /// Whether `/readyz` answers 200.
    pub fn is_ready(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The running admin listeners.
#[derive(Debug)]
pub struct AdminServer {
    /// Where `/metrics` is served.
    pub metrics_addr: SocketAddr,
    /// Where `/healthz` and `/readyz` are served.
    pub health_addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl AdminServer {
    /// Binds the listeners and serves until `shutdown` is cancelled.
    pub async fn start(
        flags: &AdminFlags,
        metrics: Metrics,
        readiness: Readiness,
        shutdown: CancellationToken,
    ) -> Result<Self, AdminError> {
        let metrics_routes = Router::new()
            .route("/metrics", get(serve_metrics))
            .with_state(metrics);
        let health_routes = Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .route("/readyz", get(serve_readyz))
            .with_state(readiness);
        let mut tasks = Vec::new();
        // Port 0 asks for two fresh ports, so equal `:0` addresses still mean two listeners.
        if flags.metrics_addr == flags.health_addr && flags.metrics_addr.port != 0 {
            let (addr, task) = spawn(
                &flags.metrics_addr,
                metrics_routes.merge(health_routes),
                &shutdown,
            )
            .await?;
            tasks.push(task);
            return Ok(Self {
                metrics_addr: addr,
                health_addr: addr,
                tasks,
            });
        }
        let (metrics_addr, task) = spawn(&flags.metrics_addr, metrics_routes, &shutdown).await?;
        tasks.push(task);
        let (health_addr, task) = spawn(&flags.health_addr, health_routes, &shutdown).await?;
        tasks.push(task);
        Ok(Self {
            metrics_addr,
            health_addr,
            tasks,
        })
    }

    /// Waits for the listeners to finish after shutdown.
    pub async fn wait(self) {
        for task in self.tasks {
            // A panicked server task has nothing left to clean up.
            let _ = task.await;
        }
    }
}

async fn spawn(
    address: &super::flags::ListenAddr,
    router: Router,
    shutdown: &CancellationToken,
) -> Result<(SocketAddr, JoinHandle<()>), AdminError> {
    let error = |source| AdminError {
        address: address.to_string(),
        source,
    };
    let listener = address.bind().await.map_err(error)?;
    let local = listener.local_addr().map_err(error)?;
    let shutdown = shutdown.clone();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move { shutdown.cancelled().await })
            .await;
        if let Err(error) = served {
            tracing::error!(
                error = &error as &dyn std::error::Error,
                "admin server failed"
            );
        }
    });
    Ok((local, task))
}

async fn serve_metrics(State(metrics): State<Metrics>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics.encode(),
    )
}

async fn serve_readyz(State(readiness): State<Readiness>) -> impl IntoResponse {
    if readiness.is_ready() {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    #[tokio::test]
    async fn serves_probes_and_metrics_on_their_own_addresses() {
        let flags = AdminFlags {
            metrics_addr: "127.0.0.1:0".parse().unwrap(),
            health_addr: "127.0.0.1:0".parse().unwrap(),
        };
        let metrics = Metrics::new().unwrap();
        metrics.record_suspend(
            super::super::metrics::ObjectLabels {
                kind: "Bucket",
                name: "b",
                namespace: "n",
            },
            false,
        );
        let readiness = Readiness::default();
        let shutdown = CancellationToken::new();
        let server = AdminServer::start(&flags, metrics, readiness.clone(), shutdown.clone())
            .await
            .unwrap();
        assert_eq!(get(server.health_addr, "/healthz").await.0, 200);
        assert_eq!(get(server.health_addr, "/readyz").await.0, 503);
        readiness.set(true);
        assert_eq!(get(server.health_addr, "/readyz").await.0, 200);
        let (status, body) = get(server.metrics_addr, "/metrics").await;
        assert_eq!(status, 200);
        assert!(
            body.contains("gotk_suspend_status{kind=\"Bucket\""),
            "{body}"
        );
        assert_eq!(get(server.metrics_addr, "/healthz").await.0, 404);
        shutdown.cancel();
        server.wait().await;
    }
}
