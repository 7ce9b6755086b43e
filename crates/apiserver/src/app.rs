//! The shared application state and the HTTP router.

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use crate::store::Store;

/// Largest request body accepted (kube-apiserver's limit is 3 MiB).
pub const MAX_BODY: usize = 3 * 1024 * 1024;

/// State shared by every request.
#[derive(Debug)]
pub struct App {
    /// The object store.
    pub store: Arc<Store>,
    /// The bearer token clients must present.
    pub token: String,
    /// Whether workloads get simulated status.
    pub simulate_workloads: bool,
    /// The cluster CA (PEM), published in every namespace.
    pub ca_pem: String,
    /// Cancelled on shutdown: ends watches and background tasks.
    pub shutdown: tokio_util::sync::CancellationToken,
}

/// The router: health and version endpoints, discovery, OpenAPI, then every resource
/// path through one dispatcher (CRDs appear at run time, so routes are not static).
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(crate::discovery::health))
        .route("/livez", get(crate::discovery::health))
        .route("/readyz", get(crate::discovery::health))
        .route("/version", get(crate::discovery::version))
        .route("/api", get(crate::discovery::core_versions))
        .route("/apis", get(crate::discovery::groups))
        .route("/openapi/v2", get(crate::openapi::v2))
        .route("/openapi/v3", get(crate::openapi::v3_index))
        .route("/openapi/v3/{*path}", get(crate::openapi::v3_group))
        .fallback(crate::handlers::dispatch)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            crate::auth::middleware,
        ))
        .with_state(app)
}
