//! Flag groups that only some controllers declare, each where Flux declares it.

use std::time::Duration;

use clap::Args;

use super::parse_duration;

/// `--http-retry` (kustomize-controller, helm-controller).
#[derive(Args, Clone, Debug)]
pub struct HttpRetryFlags {
    /// The maximum number of retries when failing to fetch artifacts over HTTP.
    #[arg(long, default_value_t = 9)]
    pub http_retry: u32,
}

/// Remote-cluster kubeconfig policy (kustomize-controller, helm-controller).
#[derive(Args, Clone, Debug)]
pub struct KubeconfigFlags {
    /// Allow use of the user.exec section in kubeconfigs provided for remote apply.
    #[arg(long, default_value_t = false, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub insecure_kubeconfig_exec: bool,
    /// Allow that kubeconfigs provided for remote apply can disable TLS verification.
    #[arg(long, default_value_t = false, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub insecure_kubeconfig_tls: bool,
}

/// Cloud token cache (helm-controller, notification-controller).
#[derive(Args, Clone, Debug)]
pub struct TokenCacheFlags {
    /// The maximum amount of entries in the LRU cache used for tokens.
    #[arg(long, default_value_t = 100)]
    pub token_cache_max_size: u32,
    /// The maximum duration for which a token would be considered unexpired (capped at 1h).
    #[arg(long, default_value = "1h", value_parser = parse_duration)]
    pub token_cache_max_duration: Duration,
}

/// Which ConfigMaps and Secrets trigger their consumers (helm-controller,
/// notification-controller).
#[derive(Args, Clone, Debug)]
pub struct ConfigWatchFlags {
    /// Watch for ConfigMaps and Secrets with matching labels.
    #[arg(long, default_value = "reconcile.fluxcd.io/watch=Enabled")]
    pub watch_configs_label_selector: String,
}
