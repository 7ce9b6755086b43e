//! The conditions setter with Flux's semantics: `observedGeneration` is stamped on
//! every write, `lastTransitionTime` moves only when status, reason or message
//! change, the abnormal-true conditions (`Reconciling`, `Stalled`) are deleted rather
//! than set to False, and the list is kept in Flux's order.

use std::cmp::Ordering;

use jiff::Timestamp;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use oxbow_api::constants::{READY_CONDITION, RECONCILING_CONDITION, STALLED_CONDITION};
use oxbow_api::meta::{Condition, ConditionStatus};

/// `metav1.Condition`'s `maxLength` for `message`.
pub const MAX_MESSAGE_LENGTH: usize = 32768;

/// Writes conditions on one object's status, for one generation and one instant.
#[derive(Debug)]
pub struct ConditionSet<'a> {
    conditions: &'a mut Vec<Condition>,
    generation: Option<i64>,
    now: Timestamp,
}

impl<'a> ConditionSet<'a> {
    /// A setter for `conditions` of an object at `generation`, timestamped now.
    pub fn new(conditions: &'a mut Vec<Condition>, generation: Option<i64>) -> Self {
        Self::at(conditions, generation, Timestamp::now())
    }

    /// A setter whose transitions are stamped `now` (truncated to the second).
    pub fn at(conditions: &'a mut Vec<Condition>, generation: Option<i64>, now: Timestamp) -> Self {
        let now = Timestamp::from_second(now.as_second()).unwrap_or(now);
        Self {
            conditions,
            generation,
            now,
        }
    }

    /// Sets `type_` to `status` with `reason` and `message`.
    ///
    /// Setting `Reconciling` or `Stalled` to False deletes them instead: they are
    /// only ever present while true.
    pub fn set(&mut self, type_: &str, status: ConditionStatus, reason: &str, message: &str) {
        if status == ConditionStatus::False && is_abnormal_true(type_) {
            self.delete(type_);
            return;
        }
        let message = truncate(message, MAX_MESSAGE_LENGTH);
        let generation = self.generation;
        match self.conditions.iter_mut().find(|c| c.type_ == type_) {
            Some(existing) => {
                if existing.status != status
                    || existing.reason != reason
                    || existing.message != message
                {
                    existing.last_transition_time = Time(self.now);
                }
                existing.status = status;
                existing.reason = reason.to_owned();
                existing.message = message.to_owned();
                existing.observed_generation = generation;
            }
            None => self.conditions.push(Condition {
                type_: type_.to_owned(),
                status,
                observed_generation: generation,
                last_transition_time: Time(self.now),
                reason: reason.to_owned(),
                message: message.to_owned(),
            }),
        }
        self.conditions.sort_by(flux_order);
    }

    /// Sets `type_` to True.
    pub fn mark_true(&mut self, type_: &str, reason: &str, message: &str) {
        self.set(type_, ConditionStatus::True, reason, message);
    }

    /// Sets `type_` to False (deletes it for `Reconciling` and `Stalled`).
    pub fn mark_false(&mut self, type_: &str, reason: &str, message: &str) {
        self.set(type_, ConditionStatus::False, reason, message);
    }

    /// Sets `type_` to Unknown.
    pub fn mark_unknown(&mut self, type_: &str, reason: &str, message: &str) {
        self.set(type_, ConditionStatus::Unknown, reason, message);
    }

    /// Marks the object as being worked on: `Reconciling=True`, no `Stalled`.
    pub fn mark_reconciling(&mut self, reason: &str, message: &str) {
        self.delete(STALLED_CONDITION);
        self.mark_true(RECONCILING_CONDITION, reason, message);
    }

    /// Marks the object as stuck until its spec changes: `Stalled=True`, no `Reconciling`.
    pub fn mark_stalled(&mut self, reason: &str, message: &str) {
        self.delete(RECONCILING_CONDITION);
        self.mark_true(STALLED_CONDITION, reason, message);
    }

    /// Removes `type_`.
    pub fn delete(&mut self, type_: &str) {
        self.conditions.retain(|c| c.type_ != type_);
    }

    /// The condition of `type_`, if present.
    pub fn get(&self, type_: &str) -> Option<&Condition> {
        find(self.conditions, type_)
    }
}

/// The condition of `type_` in `conditions`, if present.
pub fn find<'c>(conditions: &'c [Condition], type_: &str) -> Option<&'c Condition> {
    conditions.iter().find(|c| c.type_ == type_)
}

/// Whether `type_` is present and True.
pub fn is_true(conditions: &[Condition], type_: &str) -> bool {
    find(conditions, type_).is_some_and(|c| c.status == ConditionStatus::True)
}

fn is_abnormal_true(type_: &str) -> bool {
    type_ == RECONCILING_CONDITION || type_ == STALLED_CONDITION
}

/// Flux's order: `Stalled`, `Reconciling`, `Ready`, then the rest by type.
fn flux_order(a: &Condition, b: &Condition) -> Ordering {
    fn weight(type_: &str) -> Option<u8> {
        match type_ {
            STALLED_CONDITION => Some(0),
            RECONCILING_CONDITION => Some(1),
            READY_CONDITION => Some(2),
            _ => None,
        }
    }
    match (weight(&a.type_), weight(&b.type_)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.type_.cmp(&b.type_),
    }
}

/// `message` cut to at most `max` bytes on a character boundary.
pub fn truncate(message: &str, max: usize) -> &str {
    if message.len() <= max {
        return message;
    }
    let mut end = max;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    &message[..end]
}

#[cfg(test)]
mod tests;
