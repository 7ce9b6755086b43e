//! Wires the process together: the runner from the shared flags, the artifact
//! storage from the storage flags, the kinds and the artifact server.

use std::sync::Arc;

use oxbow_common::artifact::{RetentionPolicy, Storage};
use oxbow_common::runtime::runner::Runner;

use crate::cli::Cli;
use crate::gitrepository::GitRepositoryReconciler;
use crate::server::ArtifactServer;

/// Runs the controller until it is told to stop.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let runner = Runner::start(cli.runner_config()).await?;
    let reconciler = reconciler(&cli)?;
    crate::kinds::register(runner, reconciler).run().await?;
    Ok(())
}

/// The GitRepository reconciler (and its storage and server) the flags describe.
pub fn reconciler(cli: &Cli) -> anyhow::Result<GitRepositoryReconciler> {
    let flags = &cli.storage;
    if flags.artifact_digest_algo != "sha256" {
        anyhow::bail!(
            "unsupported --artifact-digest-algo '{}'",
            flags.artifact_digest_algo
        );
    }
    let path = if flags.storage_path.is_empty() {
        std::env::temp_dir().join("source-controller")
    } else {
        flags.storage_path.clone().into()
    };
    let adv_addr = advertised_address(&flags.storage_adv_addr, flags.storage_addr.port);
    let retention = RetentionPolicy {
        ttl: flags.artifact_retention_ttl,
        records: flags.artifact_retention_records.max(1) as usize,
    };
    let storage = Arc::new(Storage::new(path, &adv_addr, retention)?);
    let server = ArtifactServer::new(storage.clone(), flags.storage_addr.clone());
    Ok(GitRepositoryReconciler::new(
        storage,
        server,
        flags.max_artifact_size,
    ))
}

/// `--storage-adv-addr`, or this host's name with the storage port, as Flux does.
fn advertised_address(adv: &str, port: u16) -> String {
    if !adv.is_empty() {
        return adv.to_owned();
    }
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{host}:{port}")
}
