//! source-controller's command line: the shared flag groups plus its storage,
//! Helm and SSH flags, with Flux's names and defaults.

use std::time::Duration;

use clap::{Args, Parser};
use oxbow_api::constants::SOURCE_CONTROLLER;
use oxbow_common::runtime::flags::{
    ConcurrencyFlags, EventsFlags, ListenAddr, RequeueFlags, RuntimeFlags, parse_duration,
};
use oxbow_common::runtime::runner::RunnerConfig;

/// Command line of the source-controller.
#[derive(Parser, Debug)]
#[command(name = SOURCE_CONTROLLER, version, about = "Oxbow's source-controller, API-compatible with Flux's")]
pub struct Cli {
    /// Flags every controller shares.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// `--concurrent` (default 2, as Flux's source-controller).
    #[command(flatten)]
    pub concurrency: ConcurrencyFlags<2>,
    /// `--requeue-dependency`, `--interval-jitter-percentage`.
    #[command(flatten)]
    pub requeue: RequeueFlags,
    /// `--events-addr`.
    #[command(flatten)]
    pub events: EventsFlags,
    /// Artifact storage.
    #[command(flatten)]
    pub storage: StorageFlags,
    /// Helm index and chart limits and cache.
    #[command(flatten)]
    pub helm: HelmFlags,
    /// The list of hostkey algorithms to use for ssh connections, most preferred first.
    #[arg(long, value_delimiter = ',')]
    pub ssh_hostkey_algos: Vec<String>,
    /// The list of key exchange algorithms to use for ssh connections, most preferred first.
    #[arg(long, value_delimiter = ',')]
    pub ssh_kex_algos: Vec<String>,
}

/// Where artifacts are stored and served, and how long old ones are kept.
#[derive(Args, Debug)]
pub struct StorageFlags {
    /// The local storage path.
    #[arg(long, default_value = "")]
    pub storage_path: String,
    /// The address the static file server binds to.
    #[arg(long, default_value = ":9090")]
    pub storage_addr: ListenAddr,
    /// The advertised address of the static file server.
    #[arg(long, default_value = "")]
    pub storage_adv_addr: String,
    /// How long artifacts from previous reconciliations are kept before garbage collection.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    pub artifact_retention_ttl: Duration,
    /// The maximum number of artifacts kept in storage after a garbage collection.
    #[arg(long, default_value_t = 2)]
    pub artifact_retention_records: u32,
    /// The algorithm to use to calculate the digest of artifacts.
    #[arg(long, default_value = "sha256")]
    pub artifact_digest_algo: String,
    /// The maximum size in bytes of an artifact (and of the data fetched to build it).
    #[arg(long, default_value_t = oxbow_common::artifact::DEFAULT_MAX_SIZE)]
    pub max_artifact_size: u64,
}

/// Helm repository index and chart limits, and the index cache.
#[derive(Args, Debug)]
pub struct HelmFlags {
    /// The max allowed size in bytes of a Helm repository index file.
    #[arg(long, default_value_t = 50 << 20)]
    pub helm_index_max_size: u64,
    /// The max allowed size in bytes of a Helm chart file.
    #[arg(long, default_value_t = 10 << 20)]
    pub helm_chart_max_size: u64,
    /// The max allowed size in bytes of a file in a Helm chart.
    #[arg(long, default_value_t = 5 << 20)]
    pub helm_chart_file_max_size: u64,
    /// The maximum size of the cache in number of indexes.
    #[arg(long, default_value_t = 0)]
    pub helm_cache_max_size: u32,
    /// The TTL of an index in the cache.
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    pub helm_cache_ttl: Duration,
    /// The interval at which the cache is purged.
    #[arg(long, default_value = "1m", value_parser = parse_duration)]
    pub helm_cache_purge_interval: Duration,
}

impl Cli {
    /// The runner configuration these flags describe.
    pub fn runner_config(&self) -> RunnerConfig {
        RunnerConfig::new(SOURCE_CONTROLLER, &self.runtime)
            .concurrency(self.concurrency.concurrent)
            .requeue(&self.requeue)
            .events(&self.events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_flux_source_controller() {
        let cli = Cli::try_parse_from(["source-controller"]).unwrap();
        assert_eq!(cli.concurrency.concurrent, 2);
        assert_eq!(cli.storage.storage_addr, ":9090".parse().unwrap());
        assert_eq!(cli.storage.artifact_retention_ttl, Duration::from_secs(60));
        assert_eq!(cli.storage.artifact_retention_records, 2);
        assert_eq!(cli.storage.max_artifact_size, 100 << 20);
        assert_eq!(cli.helm.helm_index_max_size, 52_428_800);
        assert_eq!(cli.helm.helm_chart_max_size, 10_485_760);
        assert_eq!(cli.helm.helm_chart_file_max_size, 5_242_880);
        assert_eq!(cli.requeue.requeue_dependency, Duration::from_secs(30));
        let config = cli.runner_config();
        assert_eq!(config.controller, "source-controller");
        assert_eq!(config.concurrency, 2);
    }

    #[test]
    fn accepts_flux_deployment_arguments() {
        let cli = Cli::try_parse_from([
            "source-controller",
            "--events-addr=http://notification-controller.flux-system.svc.cluster.local./",
            "--watch-all-namespaces=true",
            "--log-level=info",
            "--log-encoding=json",
            "--enable-leader-election",
            "--storage-path=/data",
            "--storage-adv-addr=source-controller.$(RUNTIME_NAMESPACE).svc.cluster.local.",
            "--ssh-kex-algos=curve25519-sha256,ecdh-sha2-nistp256",
        ])
        .unwrap();
        assert_eq!(cli.storage.storage_path, "/data");
        assert_eq!(cli.ssh_kex_algos.len(), 2);
        assert!(cli.runtime.leader_election.enable_leader_election);
    }
}
