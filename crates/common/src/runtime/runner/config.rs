//! [`RunnerConfig`]: what a controller binary's flags say about running it.

use std::time::Duration;

use crate::events::RetryPolicy;
use crate::runtime::flags::{EventsFlags, RequeueFlags, RuntimeFlags};

/// How a controller binary runs; built from its flags.
#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// The controller's name, e.g. `source-controller`.
    pub controller: String,
    /// The flags every controller shares.
    pub runtime: RuntimeFlags,
    /// `--concurrent`.
    pub concurrency: u16,
    /// `--requeue-dependency`.
    pub requeue_dependency: Duration,
    /// `--interval-jitter-percentage`.
    pub jitter_percentage: u8,
    /// `--events-addr` (empty: no POSTs).
    pub events_addr: String,
    /// How long in-flight reconciles may take to finish after a shutdown signal.
    pub shutdown_timeout: Duration,
    /// Delivery policy of the event POSTs.
    pub event_retry: RetryPolicy,
}

impl RunnerConfig {
    /// A configuration with Flux's defaults for what `runtime` does not cover.
    pub fn new(controller: &str, runtime: &RuntimeFlags) -> Self {
        Self {
            controller: controller.to_owned(),
            runtime: runtime.clone(),
            concurrency: 4,
            requeue_dependency: Duration::from_secs(30),
            jitter_percentage: 5,
            events_addr: String::new(),
            shutdown_timeout: Duration::from_secs(30),
            event_retry: RetryPolicy::default(),
        }
    }

    /// Sets `--concurrent`.
    pub fn concurrency(mut self, concurrent: u16) -> Self {
        self.concurrency = concurrent.max(1);
        self
    }

    /// Takes `--requeue-dependency` and `--interval-jitter-percentage`.
    pub fn requeue(mut self, flags: &RequeueFlags) -> Self {
        self.requeue_dependency = flags.requeue_dependency;
        self.jitter_percentage = flags.interval_jitter_percentage;
        self
    }

    /// Takes `--events-addr`.
    pub fn events(mut self, flags: &EventsFlags) -> Self {
        self.events_addr = flags.events_addr.clone();
        self
    }

    /// Sets the bound on finishing in-flight reconciles at shutdown.
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }
}
