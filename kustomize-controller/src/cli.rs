//! kustomize-controller's command line: the shared flag groups plus its own, with
//! Flux's names and defaults.

use clap::Parser;
use oxbow_api::constants::KUSTOMIZE_CONTROLLER;
use oxbow_common::runtime::flags::{
    AclFlags, ConcurrencyFlags, EventsFlags, HttpRetryFlags, ImpersonationFlags, KubeconfigFlags,
    RequeueFlags, RuntimeFlags,
};
use oxbow_common::runtime::runner::RunnerConfig;

/// Command line of the kustomize-controller.
#[derive(Parser, Debug)]
#[command(name = KUSTOMIZE_CONTROLLER, version, about = "Oxbow's kustomize-controller, API-compatible with Flux's")]
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
    /// Disallow remote bases usage in Kustomize overlays.
    #[arg(long, default_value_t = false, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub no_remote_bases: bool,
}

impl Cli {
    /// The runner configuration these flags describe.
    pub fn runner_config(&self) -> RunnerConfig {
        RunnerConfig::new(KUSTOMIZE_CONTROLLER, &self.runtime)
            .concurrency(self.concurrency.concurrent)
            .requeue(&self.requeue)
            .events(&self.events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_flux_kustomize_controller() {
        let cli = Cli::try_parse_from(["kustomize-controller"]).unwrap();
        assert_eq!(cli.concurrency.concurrent, 4);
        assert_eq!(cli.http.http_retry, 9);
        assert!(!cli.no_remote_bases);
        assert!(!cli.acl.no_cross_namespace_refs);
        assert!(!cli.kubeconfig.insecure_kubeconfig_exec);
        assert_eq!(cli.runner_config().controller, "kustomize-controller");
        let cli = Cli::try_parse_from([
            "kustomize-controller",
            "--no-remote-bases=true",
            "--default-service-account=flux",
        ])
        .unwrap();
        assert!(cli.no_remote_bases);
        assert_eq!(cli.impersonation.default_service_account, "flux");
    }
}
