//! The controller runtime: flags, telemetry, the admin server, leader election,
//! graceful shutdown, the conditions setter, reconcile outcomes and status patching.

pub mod admin;
pub mod api_error;
pub mod backoff;
pub mod conditions;
#[cfg(test)]
pub(crate) mod fixture;
pub mod flags;
pub mod kinds;
pub mod leader;
pub mod metrics;
pub mod object;
pub mod outcome;
pub mod redact;
pub mod runner;
pub mod shutdown;
pub mod status;
pub mod summary;
pub mod telemetry;
