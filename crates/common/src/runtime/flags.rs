//! Command-line flag groups with Flux's names and defaults, flattened into each
//! controller's `Cli` so every binary accepts the flags a Flux Deployment passes.
//! Boolean flags take an optional `=true|false`, as Go's `pflag` does.

mod address;
mod duration;
mod features;
mod optional;

use std::time::Duration;

use clap::{Args, ValueEnum};

pub use address::ListenAddr;
pub use duration::{format_duration, parse_duration};
pub use features::FeatureGates;
pub use optional::{ConfigWatchFlags, HttpRetryFlags, KubeconfigFlags, TokenCacheFlags};

/// A flag value that could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum FlagError {
    /// Not a Go duration (`1m30s`, `750ms`).
    #[error("invalid duration '{0}': expected a Go duration such as 1m30s or 750ms")]
    Duration(String),
    /// A negative duration where only positive ones make sense.
    #[error("invalid duration '{0}': must not be negative")]
    NegativeDuration(String),
    /// Not a `host:port` listen address.
    #[error("invalid address '{0}': expected host:port or :port")]
    Address(String),
    /// Not a `name=bool` feature gate.
    #[error("invalid feature gate '{0}': expected name=true or name=false")]
    FeatureGate(String),
    /// A jitter percentage of 100 or more.
    #[error("the interval jitter percentage must be a non-negative value and less than 100")]
    JitterPercentage,
}

/// The flags every Oxbow controller accepts.
#[derive(Args, Clone, Debug)]
pub struct RuntimeFlags {
    /// Metrics and probe listeners.
    #[command(flatten)]
    pub admin: AdminFlags,
    /// Log level and encoding.
    #[command(flatten)]
    pub log: LogFlags,
    /// Leader election on a Lease.
    #[command(flatten)]
    pub leader_election: LeaderElectionFlags,
    /// Kubernetes client settings.
    #[command(flatten)]
    pub client: ClientFlags,
    /// Which objects to watch.
    #[command(flatten)]
    pub watch: WatchFlags,
    /// Failure backoff bounds.
    #[command(flatten)]
    pub retry: RetryFlags,
    /// Experimental features.
    #[command(flatten)]
    pub features: FeatureGateFlags,
}

/// Where the metrics and probe endpoints listen.
#[derive(Args, Clone, Debug)]
pub struct AdminFlags {
    /// The address the metric endpoint binds to.
    #[arg(long, default_value = ":8080")]
    pub metrics_addr: ListenAddr,
    /// The address the health endpoint binds to.
    #[arg(long, default_value = ":9440")]
    pub health_addr: ListenAddr,
}

/// Log verbosity, as Flux names the levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    /// Everything, including per-step traces.
    Trace,
    /// Debug messages and above.
    Debug,
    /// Informational messages and above.
    Info,
    /// Errors only.
    Error,
}

/// Log line format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogEncoding {
    /// One JSON object per line.
    Json,
    /// Human-readable lines.
    Console,
}

/// Logging flags.
#[derive(Args, Clone, Debug)]
pub struct LogFlags {
    /// Log verbosity level. Can be one of 'trace', 'debug', 'info', 'error'.
    #[arg(long, value_enum, default_value = "info")]
    pub log_level: LogLevel,
    /// Log encoding format. Can be 'json' or 'console'.
    #[arg(long, value_enum, default_value = "json")]
    pub log_encoding: LogEncoding,
}

/// Leader election flags (fluxcd/pkg `runtime/leaderelection`).
#[derive(Args, Clone, Debug)]
pub struct LeaderElectionFlags {
    /// Enable leader election for controller manager.
    #[arg(long, default_value_t = false, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub enable_leader_election: bool,
    /// Interval at which non-leader candidates will wait to force acquire leadership.
    #[arg(long, default_value = "35s", value_parser = parse_duration)]
    pub leader_election_lease_duration: Duration,
    /// Duration that the leader will retry refreshing leadership before giving up.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub leader_election_renew_deadline: Duration,
    /// Duration the leader election clients should wait between tries of actions.
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    pub leader_election_retry_period: Duration,
    /// Defines if the leader should step down voluntarily on shutdown.
    #[arg(long, default_value_t = true, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub leader_election_release_on_cancel: bool,
}

/// Kubernetes client flags. Accepted for compatibility with Flux's manifests; the
/// kube-rs client has no client-side rate limiter, so they are currently advisory.
#[derive(Args, Clone, Debug)]
pub struct ClientFlags {
    /// The maximum queries-per-second of requests sent to the Kubernetes API.
    #[arg(long, default_value_t = 50.0)]
    pub kube_api_qps: f32,
    /// The maximum burst queries-per-second of requests sent to the Kubernetes API.
    #[arg(long, default_value_t = 300)]
    pub kube_api_burst: u32,
}

/// Which objects the controller watches.
#[derive(Args, Clone, Debug)]
pub struct WatchFlags {
    /// Watch for custom resources in all namespaces, if set to false it will only
    /// watch the runtime namespace.
    #[arg(long, default_value_t = true, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub watch_all_namespaces: bool,
    /// Watch for resources with matching labels e.g. 'sharding.fluxcd.io/key=shard1'.
    #[arg(long, default_value = "")]
    pub watch_label_selector: String,
}

/// Bounds of the per-object exponential failure backoff.
#[derive(Args, Clone, Debug)]
pub struct RetryFlags {
    /// The minimum amount of time an object being reconciled waits before a retry.
    #[arg(long, default_value = "750ms", value_parser = parse_duration)]
    pub min_retry_delay: Duration,
    /// The maximum amount of time an object being reconciled waits before a retry.
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    pub max_retry_delay: Duration,
}

/// Experimental features.
#[derive(Args, Clone, Debug)]
pub struct FeatureGateFlags {
    /// A comma separated list of key=value pairs defining the state of experimental features.
    #[arg(long, default_value = "")]
    pub feature_gates: FeatureGates,
}

/// `--concurrent`, whose default differs per controller (`N`).
#[derive(Args, Clone, Debug)]
pub struct ConcurrencyFlags<const N: u16> {
    /// The number of concurrent reconciles per controller.
    #[arg(long, default_value_t = N)]
    pub concurrent: u16,
}

/// Requeue timing of the controllers that have dependencies and intervals.
#[derive(Args, Clone, Debug)]
pub struct RequeueFlags {
    /// The interval at which failing dependencies are reevaluated.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub requeue_dependency: Duration,
    /// Percentage of jitter to apply to interval durations (+/- this percentage).
    #[arg(long, default_value_t = 5, value_parser = parse_jitter_percentage)]
    pub interval_jitter_percentage: u8,
}

/// Where to POST events for the notification-controller.
#[derive(Args, Clone, Debug)]
pub struct EventsFlags {
    /// The address of the events receiver.
    #[arg(long, default_value = "")]
    pub events_addr: String,
}

/// Cross-namespace reference policy.
#[derive(Args, Clone, Debug)]
pub struct AclFlags {
    /// When set to true, references between custom resources are allowed only if the
    /// reference and the referee are in the same namespace.
    #[arg(long, default_value_t = false, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub no_cross_namespace_refs: bool,
}

/// Impersonation default.
#[derive(Args, Clone, Debug)]
pub struct ImpersonationFlags {
    /// Default service account used for impersonation.
    #[arg(long, default_value = "")]
    pub default_service_account: String,
}

fn parse_jitter_percentage(input: &str) -> Result<u8, FlagError> {
    match input.parse::<u8>() {
        Ok(p) if p < 100 => Ok(p),
        _ => Err(FlagError::JitterPercentage),
    }
}

#[cfg(test)]
mod tests;
