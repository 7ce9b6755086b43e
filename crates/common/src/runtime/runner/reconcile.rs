//! One reconcile of one object: the Flux preamble (deletion and finalizer,
//! suspend), the kind's own steps, then the summary step that writes `Ready` and
//! always patches status.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use kube::runtime::controller::Action;
use kube::{Api, ResourceExt};
use oxbow_api::constants::{
    READY_CONDITION, RECONCILE_REQUEST_ANNOTATION, RECONCILING_CONDITION, STALLED_CONDITION,
};
use tracing::Instrument;

use super::{Context, Reconciler, RunnerError};
use crate::events::Severity;
use crate::runtime::conditions::find;
use crate::runtime::metrics::ObjectLabels;
use crate::runtime::object::FluxObject;
use crate::runtime::outcome::Failure;
use crate::runtime::status::{add_finalizer, has_finalizer, patch_status, remove_finalizer};
use crate::runtime::summary::{Requeue, summarize};

/// What one kind's reconcile needs: the shared context and the kind's steps.
pub(crate) struct KindContext<R> {
    pub(crate) shared: Arc<Context>,
    pub(crate) reconciler: R,
}

fn backoff_key<K: FluxObject>(object: &K) -> String {
    format!(
        "{}/{}/{}",
        K::kind(&()),
        object.namespace().unwrap_or_default(),
        object.name_any()
    )
}

/// The entry point handed to kube's controller.
pub(crate) async fn reconcile<K, R>(
    object: Arc<K>,
    ctx: Arc<KindContext<R>>,
) -> Result<Action, RunnerError>
where
    K: FluxObject,
    R: Reconciler<K>,
{
    let span = tracing::info_span!(
        "reconcile",
        kind = %K::kind(&()),
        name = %object.name_any(),
        namespace = %object.namespace().unwrap_or_default(),
    );
    reconcile_object((*object).clone(), &ctx)
        .instrument(span)
        .await
}

/// The requeue after a failure outside the kind's steps (status or finalizer writes).
pub(crate) fn error_policy<K, R>(
    object: Arc<K>,
    error: &RunnerError,
    ctx: Arc<KindContext<R>>,
) -> Action
where
    K: FluxObject,
    R: Reconciler<K>,
{
    let delay = ctx
        .shared
        .timing
        .backoff
        .next_delay(&backoff_key(object.as_ref()));
    tracing::error!(
        kind = %K::kind(&()),
        name = %object.name_any(),
        namespace = %object.namespace().unwrap_or_default(),
        error = error as &dyn std::error::Error,
        retry_in = ?delay,
        "reconciliation failed"
    );
    Action::requeue(delay)
}

async fn reconcile_object<K, R>(mut object: K, ctx: &KindContext<R>) -> Result<Action, RunnerError>
where
    K: FluxObject,
    R: Reconciler<K>,
{
    let shared = &ctx.shared;
    let started = Instant::now();
    let namespace = object.namespace().unwrap_or_default();
    let name = object.name_any();
    let kind = K::kind(&());
    let labels = ObjectLabels {
        kind: &kind,
        name: &name,
        namespace: &namespace,
    };
    let api: Api<K> = Api::namespaced(shared.client.clone(), &namespace);
    let key = backoff_key(&object);

    if object.meta().deletion_timestamp.is_some() {
        if !has_finalizer(&object) {
            return Ok(Action::await_change());
        }
        if let Err(error) = ctx.reconciler.finalize(&object, shared).await {
            let failure = Failure::from_error(&error);
            tracing::error!(reason = %failure.reason, "{}", failure.message);
            shared.events.record(
                &object,
                Severity::Error,
                &failure.reason,
                &failure.message,
                BTreeMap::new(),
            );
            return Ok(Action::requeue(shared.timing.backoff.next_delay(&key)));
        }
        remove_finalizer(&api, &mut object).await?;
        shared.metrics.forget(
            labels,
            &[READY_CONDITION, RECONCILING_CONDITION, STALLED_CONDITION],
        );
        shared.timing.backoff.reset(&key);
        tracing::info!("finalized object");
        return Ok(Action::await_change());
    }

    add_finalizer(&api, &mut object).await?;

    if object.suspended() {
        shared.metrics.record_suspend(labels, true);
        tracing::info!("reconciliation is suspended for this object");
        return Ok(Action::await_change());
    }
    shared.metrics.record_suspend(labels, false);

    let result = ctx
        .reconciler
        .reconcile(&mut object, shared)
        .await
        .map_err(|e| Failure::from_error(&e));
    let requeue = summarize(&mut object, &result, Timestamp::now());
    if let Some(requested) = object
        .annotations()
        .get(RECONCILE_REQUEST_ANNOTATION)
        .cloned()
    {
        object.set_last_handled_reconcile_at(requested);
    }
    patch_status(&api, &object, &shared.controller).await?;

    for type_ in [READY_CONDITION, RECONCILING_CONDITION, STALLED_CONDITION] {
        shared.metrics.record_condition(
            labels,
            type_,
            find(object.conditions(), type_).map(|c| c.status),
        );
    }
    shared.metrics.record_duration(labels, started.elapsed());

    if let Err(failure) = &result {
        tracing::error!(reason = %failure.reason, "{}", failure.message);
        shared.events.record(
            &object,
            Severity::Error,
            &failure.reason,
            &failure.message,
            BTreeMap::new(),
        );
    }
    let action = to_action(requeue, shared, &key);
    tracing::debug!(?action, elapsed = ?started.elapsed(), "reconciliation finished");
    Ok(action)
}

fn to_action(requeue: Requeue, shared: &Context, key: &str) -> Action {
    let timing = &shared.timing;
    let after = |d: Duration| Action::requeue(d);
    match requeue {
        Requeue::Interval(interval) => {
            timing.backoff.reset(key);
            after(timing.jitter.apply(interval))
        }
        Requeue::After(delay) => after(delay),
        Requeue::Dependency => after(timing.requeue_dependency),
        Requeue::RetryInterval(delay) => after(delay),
        Requeue::Backoff => after(timing.backoff.next_delay(key)),
        Requeue::Never => {
            timing.backoff.reset(key);
            Action::await_change()
        }
    }
}
