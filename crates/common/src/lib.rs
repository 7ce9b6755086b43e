//! The runtime shared by Oxbow's four controllers: flags, telemetry, the admin server,
//! leader election, conditions, reconcile outcomes, status patching and events.

pub mod artifact;
pub mod events;
pub mod runtime;
