//! The contract between the runner and a kind's own steps: the shared
//! [`Context`], the [`Reconciler`] trait and the stand-in [`MarkProgressing`].

use std::future::Future;
use std::time::Duration;

use kube::Client;

use crate::events::EventRecorder;
use crate::runtime::backoff::{FailureBackoff, IntervalJitter};
use crate::runtime::metrics::Metrics;
use crate::runtime::object::FluxObject;
use crate::runtime::outcome::{Classify, ErrorClass, Outcome};

/// Requeue timing shared by every kind of a controller.
#[derive(Debug)]
pub struct Timing {
    /// `--requeue-dependency`.
    pub requeue_dependency: Duration,
    /// `--interval-jitter-percentage`.
    pub jitter: IntervalJitter,
    /// Per-object failure backoff between `--min-retry-delay` and `--max-retry-delay`.
    pub backoff: FailureBackoff,
}

/// What every reconcile can use.
pub struct Context {
    /// The Kubernetes client.
    pub client: Client,
    /// The controller's name, e.g. `source-controller`.
    pub controller: String,
    /// Records Kubernetes Events and notification POSTs.
    pub events: EventRecorder,
    /// The controller's metrics.
    pub metrics: Metrics,
    /// Requeue timing.
    pub timing: Timing,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("controller", &self.controller)
            .finish_non_exhaustive()
    }
}

/// A kind's own reconcile steps, run between the preamble and the summary.
///
/// `reconcile` works on a copy of the object and may change its status (except
/// `Ready`, which the summary step owns); the status is patched afterwards in all
/// cases. `finalize` cleans up before the finalizer is removed.
pub trait Reconciler<K: FluxObject>: Send + Sync + 'static {
    /// The kind's error type.
    type Error: Classify;

    /// Brings the object towards its desired state.
    fn reconcile(
        &self,
        object: &mut K,
        ctx: &Context,
    ) -> impl Future<Output = Result<Outcome, Self::Error>> + Send;

    /// Cleans up after a deleted object; nothing by default.
    fn finalize(
        &self,
        object: &K,
        ctx: &Context,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send {
        let _ = (object, ctx);
        async { Ok(()) }
    }
}

/// The stand-in reconciler until a kind's own steps exist: it reports
/// `Reconciling=True` and `Ready=Unknown` (reason `Progressing`).
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkProgressing;

/// The error of a reconciler that cannot fail.
#[derive(Debug, thiserror::Error)]
pub enum Never {}

impl Classify for Never {
    fn class(&self) -> ErrorClass {
        match *self {}
    }
    fn reason(&self) -> &str {
        match *self {}
    }
}

impl<K: FluxObject> Reconciler<K> for MarkProgressing {
    type Error = Never;

    async fn reconcile(&self, _object: &mut K, _ctx: &Context) -> Result<Outcome, Never> {
        Ok(Outcome::progressing("reconciliation in progress"))
    }
}
