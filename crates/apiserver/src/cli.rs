//! The standalone server's command line: `oxbow-apiserver --port 6443 --data-dir DIR
//! --kubeconfig-out FILE [--simulate-workloads]`.

use std::path::PathBuf;

use clap::Parser;

use crate::server::{Options, Server};

/// Flags of the `oxbow-apiserver` binary.
#[derive(Debug, Parser)]
#[command(
    name = "oxbow-apiserver",
    about = "Embedded single-process Kubernetes API server"
)]
pub struct Flags {
    /// Loopback port serving HTTPS and plain HTTP (0 picks a free port).
    #[arg(long, default_value_t = 6443, env = "OXBOW_APISERVER_PORT")]
    pub port: u16,
    /// Directory where state persists across restarts (in memory when absent).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Where to write the kubeconfig.
    #[arg(long, default_value = "kubeconfig")]
    pub kubeconfig_out: PathBuf,
    /// Bearer token clients must present (random when absent).
    #[arg(long, env = "OXBOW_APISERVER_TOKEN")]
    pub token: Option<String>,
    /// Make workloads report healthy status after a short delay.
    #[arg(long)]
    pub simulate_workloads: bool,
    /// Log filter (`RUST_LOG` syntax).
    #[arg(long, default_value = "info", env = "RUST_LOG")]
    pub log: String,
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(flags: Flags) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&flags.log))
        .with_writer(std::io::stderr)
        .init();
    let server = Server::start(Options {
        port: flags.port,
        data_dir: flags.data_dir,
        kubeconfig_out: Some(flags.kubeconfig_out.clone()),
        token: flags.token,
        simulate_workloads: flags.simulate_workloads,
        ..Options::default()
    })
    .await?;
    eprintln!(
        "oxbow-apiserver: serving {} (and {}); kubeconfig at {}",
        server.https_url(),
        server.http_url(),
        flags.kubeconfig_out.display()
    );
    shutdown_signal().await;
    server.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
