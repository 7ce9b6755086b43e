//! [`TestCluster`]: the server started in-process on a random port, with a kubeconfig
//! file and a ready `kube::Client`, for integration tests of any crate.

use std::path::{Path, PathBuf};

use crate::server::{Options, Server, StartError};

/// Why a test cluster could not start.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The server did not start.
    #[error(transparent)]
    Start(#[from] StartError),
    /// The temporary directory for the kubeconfig could not be made.
    #[error("failed to create a temporary directory")]
    TempDir(#[source] std::io::Error),
    /// kube-rs rejected the kubeconfig.
    #[error("failed to build a kube client config")]
    Kubeconfig(#[source] kube::config::KubeconfigError),
    /// kube-rs could not build a client.
    #[error("failed to build a kube client")]
    Client(#[source] kube::Error),
}

/// An API server for one test: started on a random loopback port, stopped on drop.
pub struct TestCluster {
    server: Option<Server>,
    config: kube::Config,
    kubeconfig_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestCluster {
    /// Starts a cluster with default options.
    ///
    /// # Panics
    /// If the server cannot start (a broken test environment, not a test failure).
    #[allow(clippy::expect_used)]
    pub async fn start() -> TestCluster {
        Self::try_start(Options::default())
            .await
            .expect("failed to start the test cluster")
    }

    /// Starts a cluster that simulates workload status (Deployments become ready).
    ///
    /// # Panics
    /// If the server cannot start.
    #[allow(clippy::expect_used)]
    pub async fn start_with_workloads() -> TestCluster {
        let options = Options {
            simulate_workloads: true,
            ..Options::default()
        };
        Self::try_start(options)
            .await
            .expect("failed to start the test cluster")
    }

    /// Starts a cluster with the given options (the port is forced to a random one
    /// unless set).
    pub async fn try_start(options: Options) -> Result<TestCluster, ClusterError> {
        let dir = tempfile::tempdir().map_err(ClusterError::TempDir)?;
        let kubeconfig_path = dir.path().join("kubeconfig");
        let options = Options {
            kubeconfig_out: Some(kubeconfig_path.clone()),
            ..options
        };
        let server = Server::start(options).await?;
        let kubeconfig = kube::config::Kubeconfig::from_yaml(&server.kubeconfig_yaml())
            .map_err(ClusterError::Kubeconfig)?;
        let config = kube::Config::from_custom_kubeconfig(kubeconfig, &Default::default())
            .await
            .map_err(ClusterError::Kubeconfig)?;
        Ok(TestCluster {
            server: Some(server),
            config,
            kubeconfig_path,
            _dir: dir,
        })
    }

    /// A new client for the cluster.
    ///
    /// # Panics
    /// If kube-rs cannot build a client from a valid config (it always can).
    #[allow(clippy::expect_used)]
    pub fn client(&self) -> kube::Client {
        kube::Client::try_from(self.config.clone()).expect("failed to build a kube client")
    }

    /// The kube-rs config.
    pub fn config(&self) -> &kube::Config {
        &self.config
    }

    /// Path of the kubeconfig file (for kubectl: `KUBECONFIG=<path>`).
    pub fn kubeconfig_path(&self) -> &Path {
        &self.kubeconfig_path
    }

    /// The kubeconfig YAML.
    pub fn kubeconfig_yaml(&self) -> String {
        self.server
            .as_ref()
            .map(Server::kubeconfig_yaml)
            .unwrap_or_default()
    }

    /// The running server.
    pub fn server(&self) -> Option<&Server> {
        self.server.as_ref()
    }

    /// Stops the server and waits for its tasks.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        if let Some(server) = &self.server {
            server.cancel();
        }
    }
}
