//! The summary step: the only writer of `Ready`. From a reconcile's result it sets
//! `Ready`, `Reconciling` and `Stalled`, stamps `observedGeneration` when the
//! generation's result is final, and says when to look at the object again.

use std::time::Duration;

use jiff::Timestamp;
use oxbow_api::constants::{
    PROGRESSING_REASON, PROGRESSING_WITH_RETRY_REASON, READY_CONDITION, RECONCILING_CONDITION,
    STALLED_CONDITION,
};

use super::conditions::ConditionSet;
use super::flags::parse_duration;
use super::object::FluxObject;
use super::outcome::{ErrorClass, Failure, Outcome};

/// When to reconcile the object next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requeue {
    /// At `spec.interval`, jittered; the failure backoff is reset.
    Interval(Duration),
    /// After exactly this long (a step asked for it).
    After(Duration),
    /// After `--requeue-dependency`.
    Dependency,
    /// After `spec.retryInterval`.
    RetryInterval(Duration),
    /// After the object's next exponential backoff delay.
    Backoff,
    /// Only when the object changes.
    Never,
}

/// Writes the summary conditions on `object` for `result` and decides the requeue.
pub fn summarize<K: FluxObject>(
    object: &mut K,
    result: &Result<Outcome, Failure>,
    now: Timestamp,
) -> Requeue {
    let generation = object.meta().generation;
    let interval = object
        .interval()
        .and_then(|i| parse_duration(i).ok())
        .filter(|i| !i.is_zero());
    let retry_interval = object
        .retry_interval()
        .and_then(|i| parse_duration(i).ok())
        .filter(|i| !i.is_zero());
    let at_interval = interval.map_or(Requeue::Never, Requeue::Interval);
    let mut set = ConditionSet::at(object.conditions_mut(), generation, now);
    let (requeue, final_for_generation) = match result {
        Ok(Outcome::Ready { reason, message }) => {
            set.mark_false(STALLED_CONDITION, reason, message);
            set.mark_false(RECONCILING_CONDITION, reason, message);
            set.mark_true(READY_CONDITION, reason, message);
            (at_interval, true)
        }
        Ok(Outcome::Progressing {
            message,
            requeue_after,
        }) => {
            set.mark_reconciling(PROGRESSING_REASON, message);
            set.mark_unknown(READY_CONDITION, PROGRESSING_REASON, message);
            (requeue_after.map_or(at_interval, Requeue::After), false)
        }
        Err(failure) => {
            let Failure {
                class,
                reason,
                message,
            } = failure;
            match class {
                ErrorClass::Stalling => set.mark_stalled(reason, message),
                ErrorClass::Waiting | ErrorClass::Transient => {
                    set.mark_reconciling(PROGRESSING_WITH_RETRY_REASON, message)
                }
            }
            set.mark_false(READY_CONDITION, reason, message);
            match class {
                ErrorClass::Stalling => (Requeue::Never, true),
                ErrorClass::Waiting => (Requeue::Dependency, false),
                ErrorClass::Transient => (
                    retry_interval.map_or(Requeue::Backoff, Requeue::RetryInterval),
                    false,
                ),
            }
        }
    };
    if final_for_generation {
        object.set_observed_generation(generation);
    }
    requeue
}

#[cfg(test)]
mod tests;
