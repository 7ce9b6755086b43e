//! Starting and stopping the server: one loopback port that speaks HTTPS and plain
//! HTTP (told apart by the first byte), the garbage collector, persistence, and the
//! kubeconfig.

mod conn;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::{self, App};
use crate::store::{Store, gc, persist};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Loopback port; 0 picks a free one.
    pub port: u16,
    /// Where state persists; in memory only when `None`.
    pub data_dir: Option<PathBuf>,
    /// Where to write the kubeconfig.
    pub kubeconfig_out: Option<PathBuf>,
    /// The bearer token; random when `None`.
    pub token: Option<String>,
    /// Simulate workload status.
    pub simulate_workloads: bool,
    /// Watch events kept for resuming watches.
    pub history_limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            data_dir: None,
            kubeconfig_out: None,
            token: None,
            simulate_workloads: false,
            history_limit: 5_000,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Could not bind the port.
    #[error("failed to listen on 127.0.0.1:{port}")]
    Bind {
        /// The port.
        port: u16,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// Certificate generation or TLS setup failed.
    #[error("failed to set up TLS")]
    Tls(#[from] crate::tls::TlsError),
    /// The persisted state could not be loaded.
    #[error("failed to load persisted state")]
    Persist(#[from] persist::PersistError),
    /// The kubeconfig could not be written.
    #[error("failed to write the kubeconfig to '{path}'")]
    Kubeconfig {
        /// The file.
        path: PathBuf,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    token: String,
    ca_pem: String,
    app: Arc<App>,
    data_dir: Option<PathBuf>,
    tasks: Vec<JoinHandle<()>>,
}

fn random_token() -> String {
    let bytes: [u8; 24] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Server {
    /// Starts the server.
    pub async fn start(options: Options) -> Result<Server, StartError> {
        let identity = crate::tls::Identity::generate()?;
        let store = Arc::new(Store::new(options.history_limit));
        if let Some(dir) = &options.data_dir {
            persist::load(&store, dir)?;
        }
        crate::bootstrap::seed(&store, &identity.ca_pem);
        let listener = TcpListener::bind(("127.0.0.1", options.port))
            .await
            .map_err(|source| StartError::Bind {
                port: options.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            port: options.port,
            source,
        })?;
        let token = options.token.clone().unwrap_or_else(random_token);
        let app = Arc::new(App {
            store: store.clone(),
            token: token.clone(),
            simulate_workloads: options.simulate_workloads,
            ca_pem: identity.ca_pem.clone(),
            shutdown: CancellationToken::new(),
        });
        let router = app::router(app.clone());
        let mut tasks = vec![tokio::spawn(conn::accept_loop(
            listener,
            router,
            identity.server_config.clone(),
            app.shutdown.clone(),
        ))];
        tasks.push(tokio::spawn(gc_loop(store.clone(), app.shutdown.clone())));
        if let Some(dir) = options.data_dir.clone() {
            tasks.push(tokio::spawn(persist_loop(
                store.clone(),
                dir,
                app.shutdown.clone(),
            )));
        }
        let server = Server {
            addr,
            token,
            ca_pem: identity.ca_pem,
            app,
            data_dir: options.data_dir.clone(),
            tasks,
        };
        if let Some(path) = &options.kubeconfig_out {
            server
                .write_kubeconfig(path)
                .map_err(|source| StartError::Kubeconfig {
                    path: path.clone(),
                    source,
                })?;
        }
        tracing::info!(addr = %addr, "oxbow-apiserver listening (https and http)");
        Ok(server)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://127.0.0.1:<port>`.
    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// `http://127.0.0.1:<port>` (same port).
    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The CA certificate (PEM) that signed the serving certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// The store, for in-process inspection.
    pub fn store(&self) -> &Arc<Store> {
        &self.app.store
    }

    /// The kubeconfig (YAML) for this server over HTTPS.
    pub fn kubeconfig_yaml(&self) -> String {
        crate::kubeconfig::render(&self.https_url(), &self.ca_pem, &self.token)
    }

    /// Writes the kubeconfig (mode 0600).
    pub fn write_kubeconfig(&self, path: &std::path::Path) -> std::io::Result<()> {
        crate::kubeconfig::write(path, &self.kubeconfig_yaml())
    }

    /// Signals shutdown without waiting (used on drop).
    pub fn cancel(&self) {
        self.app.shutdown.cancel();
    }

    /// Stops serving, ends watches and saves state.
    pub async fn shutdown(self) {
        self.app.shutdown.cancel();
        for task in self.tasks {
            let _ = task.await;
        }
        if let Some(dir) = &self.data_dir
            && let Err(e) = persist::save(&self.app.store, dir, true)
        {
            tracing::error!(error = %e, "failed to save state");
        }
    }
}

async fn gc_loop(store: Arc<Store>, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            _ = store.gc_wake.notified() => {}
            _ = shutdown.cancelled() => return,
        }
        let now = crate::meta::now();
        let mut state = store.lock();
        gc::collect(&mut state, &now);
    }
}

async fn persist_loop(store: Arc<Store>, dir: PathBuf, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.cancelled() => return,
        }
        let (store, dir) = (store.clone(), dir.clone());
        let saved = tokio::task::spawn_blocking(move || persist::save(&store, &dir, false)).await;
        if let Ok(Err(e)) = saved {
            tracing::error!(error = %e, "failed to save state");
        }
    }
}
