//! notification-controller's command line: the shared flag groups plus its own,
//! with Flux's names and defaults. Here `--events-addr` is where the event ingest
//! server listens, not where events are sent.

use std::time::Duration;

use clap::Parser;
use oxbow_api::constants::NOTIFICATION_CONTROLLER;
use oxbow_common::runtime::flags::{
    AclFlags, ConcurrencyFlags, ConfigWatchFlags, ImpersonationFlags, ListenAddr, RuntimeFlags,
    TokenCacheFlags, parse_duration,
};
use oxbow_common::runtime::runner::RunnerConfig;

/// Command line of the notification-controller.
#[derive(Parser, Debug)]
#[command(name = NOTIFICATION_CONTROLLER, version, about = "Oxbow's notification-controller, API-compatible with Flux's")]
pub struct Cli {
    /// Flags every controller shares.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// `--concurrent` (default 4).
    #[command(flatten)]
    pub concurrency: ConcurrencyFlags<4>,
    /// `--no-cross-namespace-refs`.
    #[command(flatten)]
    pub acl: AclFlags,
    /// `--default-service-account`.
    #[command(flatten)]
    pub impersonation: ImpersonationFlags,
    /// `--token-cache-max-size`, `--token-cache-max-duration`.
    #[command(flatten)]
    pub token_cache: TokenCacheFlags,
    /// `--watch-configs-label-selector`.
    #[command(flatten)]
    pub config_watch: ConfigWatchFlags,
    /// The address the event endpoint binds to.
    #[arg(long, default_value = ":9090")]
    pub events_addr: ListenAddr,
    /// The address the webhook receiver endpoint binds to.
    #[arg(long = "receiverAddr", default_value = ":9292")]
    pub receiver_addr: ListenAddr,
    /// Interval in which rate limit has effect.
    #[arg(long, default_value = "5m", value_parser = parse_duration)]
    pub rate_limit_interval: Duration,
    /// Include the full request path in the HTTP server metrics (high cardinality).
    #[arg(long, default_value_t = false, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub export_http_path_metrics: bool,
}

impl Cli {
    /// The runner configuration these flags describe.
    pub fn runner_config(&self) -> RunnerConfig {
        RunnerConfig::new(NOTIFICATION_CONTROLLER, &self.runtime)
            .concurrency(self.concurrency.concurrent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_flux_notification_controller() {
        let cli = Cli::try_parse_from(["notification-controller"]).unwrap();
        assert_eq!(cli.concurrency.concurrent, 4);
        assert_eq!(cli.events_addr, ":9090".parse().unwrap());
        assert_eq!(cli.receiver_addr, ":9292".parse().unwrap());
        assert_eq!(cli.rate_limit_interval, Duration::from_secs(300));
        let config = cli.runner_config();
        assert_eq!(
            config.events_addr, "",
            "the notification-controller posts no events to itself"
        );
        let cli = Cli::try_parse_from(["notification-controller", "--receiverAddr=:9393"]).unwrap();
        assert_eq!(cli.receiver_addr.port, 9393);
    }
}
