//! helm-controller's command line: the shared flag groups plus its own, with
//! Flux's names and defaults.

use std::time::Duration;

use clap::Parser;
use oxbow_api::constants::HELM_CONTROLLER;
use oxbow_common::runtime::flags::{
    AclFlags, ConcurrencyFlags, ConfigWatchFlags, EventsFlags, HttpRetryFlags, ImpersonationFlags,
    KubeconfigFlags, RequeueFlags, RuntimeFlags, TokenCacheFlags, parse_duration,
};
use oxbow_common::runtime::runner::RunnerConfig;

/// Command line of the helm-controller.
#[derive(Parser, Debug)]
#[command(name = HELM_CONTROLLER, version, about = "Oxbow's helm-controller, API-compatible with Flux's")]
pub struct Cli {
    /// Flags every controller shares.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// `--concurrent` (default 4).
    #[command(flatten)]
    pub concurrency: ConcurrencyFlags<4>,
    /// `--requeue-dependency`, `--interval-jitter-percentage`.
    #[command(flatten)]
    pub requeue: RequeueFlags,
    /// `--events-addr`.
    #[command(flatten)]
    pub events: EventsFlags,
    /// `--no-cross-namespace-refs`.
    #[command(flatten)]
    pub acl: AclFlags,
    /// `--default-service-account`.
    #[command(flatten)]
    pub impersonation: ImpersonationFlags,
    /// `--http-retry`.
    #[command(flatten)]
    pub http: HttpRetryFlags,
    /// `--insecure-kubeconfig-exec`, `--insecure-kubeconfig-tls`.
    #[command(flatten)]
    pub kubeconfig: KubeconfigFlags,
    /// `--token-cache-max-size`, `--token-cache-max-duration`.
    #[command(flatten)]
    pub token_cache: TokenCacheFlags,
    /// `--watch-configs-label-selector`.
    #[command(flatten)]
    pub config_watch: ConfigWatchFlags,
    /// Default service account used for kubeconfig.
    #[arg(long, default_value = "")]
    pub default_kubeconfig_service_account: String,
    /// The duration given to the reconciler to finish before forcibly stopping.
    #[arg(long, default_value = "600s", value_parser = parse_duration)]
    pub graceful_shutdown_timeout: Duration,
    /// The interval at which the OOM watcher checks memory usage (feature gate OOMWatch).
    #[arg(long, default_value = "500ms", value_parser = parse_duration)]
    pub oom_watch_interval: Duration,
    /// The memory threshold in percent at which the OOM watcher shuts down gracefully.
    #[arg(long, default_value_t = 95)]
    pub oom_watch_memory_threshold: u8,
    /// The path to the cgroup memory limit file; detected if empty.
    #[arg(long, default_value = "")]
    pub oom_watch_max_memory_path: String,
    /// The path to the cgroup current memory usage file; detected if empty.
    #[arg(long, default_value = "")]
    pub oom_watch_current_memory_path: String,
    /// Field managers to override during drift detection (repeatable).
    #[arg(long)]
    pub override_manager: Vec<String>,
    /// The algorithm to use to calculate the digest of Helm release storage snapshots.
    #[arg(long, default_value = "sha256")]
    pub snapshot_digest_algo: String,
}

impl Cli {
    /// The runner configuration these flags describe.
    pub fn runner_config(&self) -> RunnerConfig {
        RunnerConfig::new(HELM_CONTROLLER, &self.runtime)
            .concurrency(self.concurrency.concurrent)
            .requeue(&self.requeue)
            .events(&self.events)
            .shutdown_timeout(self.graceful_shutdown_timeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_flux_helm_controller() {
        let cli = Cli::try_parse_from(["helm-controller"]).unwrap();
        assert_eq!(cli.concurrency.concurrent, 4);
        assert_eq!(cli.graceful_shutdown_timeout, Duration::from_secs(600));
        assert_eq!(cli.oom_watch_interval, Duration::from_millis(500));
        assert_eq!(cli.oom_watch_memory_threshold, 95);
        assert_eq!(cli.token_cache.token_cache_max_size, 100);
        assert_eq!(
            cli.config_watch.watch_configs_label_selector,
            "reconcile.fluxcd.io/watch=Enabled"
        );
        let config = cli.runner_config();
        assert_eq!(config.shutdown_timeout, Duration::from_secs(600));
        let cli = Cli::try_parse_from([
            "helm-controller",
            "--override-manager=kubectl-edit",
            "--override-manager=kubectl-patch",
        ])
        .unwrap();
        assert_eq!(cli.override_manager, ["kubectl-edit", "kubectl-patch"]);
    }
}
