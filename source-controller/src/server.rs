//! The artifact server: plain HTTP GET of files under the storage root, as
//! Flux's static file server. Only regular files are served (directories and
//! anything resolving outside the root answer 404), and it starts with the first
//! reconcile, i.e. only once this replica leads.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxbow_common::artifact::Storage;
use oxbow_common::runtime::flags::ListenAddr;

/// Serves the storage root over HTTP once started.
#[derive(Clone, Debug)]
pub struct ArtifactServer {
    storage: Arc<Storage>,
    addr: ListenAddr,
    bound: Arc<OnceLock<Option<SocketAddr>>>,
}

impl ArtifactServer {
    /// A server for `storage` that will listen on `addr`.
    pub fn new(storage: Arc<Storage>, addr: ListenAddr) -> Self {
        Self {
            storage,
            addr,
            bound: Arc::default(),
        }
    }

    /// Where it listens, once started (`None` if binding failed).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.bound.get().copied().flatten()
    }

    /// Starts serving unless already started. Called from reconciles, which only
    /// run while this replica holds the leader lease.
    pub async fn ensure_started(&self) {
        if self.bound.get().is_some() {
            return;
        }
        let listener = match self.addr.bind().await {
            Ok(listener) => listener,
            Err(error) => {
                if self.bound.set(None).is_ok() {
                    tracing::error!(
                        error = &error as &dyn std::error::Error,
                        "artifact server failed to listen"
                    );
                }
                return;
            }
        };
        let local = listener.local_addr().ok();
        if self.bound.set(local).is_err() {
            // Another reconcile started it first; this listener is dropped.
            return;
        }
        tracing::info!(addr = ?local, "artifact server listening");
        let app = router(self.storage.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(
                    error = &error as &dyn std::error::Error,
                    "artifact server stopped"
                );
            }
        });
    }
}

/// The routes: `GET /<path>` for files under the root.
pub fn router(storage: Arc<Storage>) -> Router {
    Router::new()
        .route("/{*path}", axum::routing::get(serve_file))
        .with_state(storage)
}

async fn serve_file(State(storage): State<Arc<Storage>>, Path(path): Path<String>) -> Response {
    let Ok(local) = storage.local_path(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let root = match tokio::fs::canonicalize(storage.root()).await {
        Ok(root) => root,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // Follows `latest.tar.gz`; the target must still be a file inside the root.
    let resolved = match tokio::fs::canonicalize(&local).await {
        Ok(resolved) if resolved.starts_with(&root) => resolved,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let file = match tokio::fs::File::open(&resolved).await {
        Ok(file) => file,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    match file.metadata().await {
        Ok(meta) if meta.is_file() => {
            let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
            (
                [
                    (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                    (header::CONTENT_LENGTH, meta.len().to_string()),
                ],
                body,
            )
                .into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
