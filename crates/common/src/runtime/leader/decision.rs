//! The pure part of leader election: given the Lease as last read and the local
//! clock, decide whether to create, take over, renew or wait. Expiry is measured
//! against when *we* last saw the record change, not the holder's clock, as
//! client-go does, so clock skew between replicas cannot steal a live lease.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::coordination::v1::LeaseSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::MicroTime;

/// What to do with the Lease.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// No Lease exists: create it holding it ourselves.
    Create(LeaseSpec),
    /// The Lease is free or expired: write ourselves as the new holder.
    Acquire(LeaseSpec),
    /// We hold it: write a fresh renew time.
    Renew(LeaseSpec),
    /// Someone else holds a live lease.
    Wait {
        /// The current holder.
        holder: String,
    },
}

/// The record we last saw and when we saw it change.
#[derive(Clone, Debug, Default)]
pub struct Observation {
    record: Option<LeaseSpec>,
    seen_at: Option<Timestamp>,
}

/// Decides the next step for candidate `me` at `now`.
pub fn decide(
    current: Option<&LeaseSpec>,
    observation: &mut Observation,
    me: &str,
    now: Timestamp,
    lease_duration: Duration,
) -> Decision {
    let Some(current) = current else {
        return Decision::Create(held_by(me, now, lease_duration, None));
    };
    if observation.record.as_ref() != Some(current) {
        observation.record = Some(current.clone());
        observation.seen_at = Some(now);
    }
    let holder = current.holder_identity.clone().unwrap_or_default();
    if !holder.is_empty() && holder != me {
        let ttl = current.lease_duration_seconds.map_or(lease_duration, |s| {
            Duration::from_secs(u64::try_from(s).unwrap_or(0))
        });
        let seen_at = observation.seen_at.unwrap_or(now);
        let expires = seen_at
            .checked_add(SignedDuration::try_from(ttl).unwrap_or(SignedDuration::MAX))
            .unwrap_or(Timestamp::MAX);
        if expires > now {
            return Decision::Wait { holder };
        }
    }
    if holder == me {
        let mut renewed = current.clone();
        renewed.renew_time = Some(MicroTime(now));
        renewed.lease_duration_seconds = Some(seconds(lease_duration));
        return Decision::Renew(renewed);
    }
    Decision::Acquire(held_by(me, now, lease_duration, Some(current)))
}

/// The record that gives up the lease: no holder, so candidates take it at once.
pub fn released(current: &LeaseSpec, now: Timestamp) -> LeaseSpec {
    LeaseSpec {
        holder_identity: None,
        lease_duration_seconds: Some(1),
        renew_time: Some(MicroTime(now)),
        acquire_time: Some(MicroTime(now)),
        ..current.clone()
    }
}

fn held_by(
    me: &str,
    now: Timestamp,
    lease_duration: Duration,
    previous: Option<&LeaseSpec>,
) -> LeaseSpec {
    // As client-go: every change of holder counts, a take-over of a released lease too.
    let transitions = previous.map_or(0, |p| p.lease_transitions.unwrap_or(0) + 1);
    LeaseSpec {
        holder_identity: Some(me.to_owned()),
        lease_duration_seconds: Some(seconds(lease_duration)),
        acquire_time: Some(MicroTime(now)),
        renew_time: Some(MicroTime(now)),
        lease_transitions: Some(transitions),
        ..previous.cloned().unwrap_or_default()
    }
}

fn seconds(duration: Duration) -> i32 {
    i32::try_from(duration.as_secs()).unwrap_or(i32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEASE: Duration = Duration::from_secs(35);

    /// A fake clock: seconds since an arbitrary epoch.
    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + second).unwrap()
    }

    fn spec_of(decision: Decision) -> LeaseSpec {
        match decision {
            Decision::Create(s) | Decision::Acquire(s) | Decision::Renew(s) => s,
            Decision::Wait { holder } => panic!("expected a write, got wait on {holder}"),
        }
    }

    #[test]
    fn creates_a_missing_lease() {
        let spec = spec_of(decide(None, &mut Observation::default(), "a", at(0), LEASE));
        assert_eq!(spec.holder_identity.as_deref(), Some("a"));
        assert_eq!(spec.lease_duration_seconds, Some(35));
        assert_eq!(spec.lease_transitions, Some(0));
    }

    #[test]
    fn waits_while_another_holder_is_live_then_takes_over() {
        let theirs = held_by("b", at(0), LEASE, None);
        let mut seen = Observation::default();
        assert_eq!(
            decide(Some(&theirs), &mut seen, "a", at(1), LEASE),
            Decision::Wait { holder: "b".into() }
        );
        // Unchanged record: expiry counts from when we first saw it (t=1).
        assert!(matches!(
            decide(Some(&theirs), &mut seen, "a", at(35), LEASE),
            Decision::Wait { .. }
        ));
        let spec = match decide(Some(&theirs), &mut seen, "a", at(36), LEASE) {
            Decision::Acquire(spec) => spec,
            other => panic!("expected acquire, got {other:?}"),
        };
        assert_eq!(spec.holder_identity.as_deref(), Some("a"));
        assert_eq!(spec.lease_transitions, Some(1));
        assert_eq!(spec.acquire_time, Some(MicroTime(at(36))));
    }

    #[test]
    fn a_renewed_record_resets_the_expiry_clock() {
        let mut theirs = held_by("b", at(0), LEASE, None);
        let mut seen = Observation::default();
        decide(Some(&theirs), &mut seen, "a", at(0), LEASE);
        theirs.renew_time = Some(MicroTime(at(30)));
        // The holder's clock may be skewed; what counts is that the record changed.
        assert!(matches!(
            decide(Some(&theirs), &mut seen, "a", at(30), LEASE),
            Decision::Wait { .. }
        ));
        assert!(matches!(
            decide(Some(&theirs), &mut seen, "a", at(60), LEASE),
            Decision::Wait { .. }
        ));
        assert!(matches!(
            decide(Some(&theirs), &mut seen, "a", at(66), LEASE),
            Decision::Acquire(_)
        ));
    }

    #[test]
    fn the_holder_renews_keeping_acquire_time_and_transitions() {
        let mine = held_by("a", at(0), LEASE, None);
        let spec = match decide(Some(&mine), &mut Observation::default(), "a", at(5), LEASE) {
            Decision::Renew(spec) => spec,
            other => panic!("expected renew, got {other:?}"),
        };
        assert_eq!(spec.renew_time, Some(MicroTime(at(5))));
        assert_eq!(spec.acquire_time, Some(MicroTime(at(0))));
        assert_eq!(spec.lease_transitions, Some(0));
    }

    #[test]
    fn a_released_lease_is_taken_at_once() {
        let theirs = released(&held_by("b", at(0), LEASE, None), at(3));
        let decision = decide(
            Some(&theirs),
            &mut Observation::default(),
            "a",
            at(3),
            LEASE,
        );
        let spec = match decision {
            Decision::Acquire(spec) => spec,
            other => panic!("expected acquire, got {other:?}"),
        };
        assert_eq!(spec.holder_identity.as_deref(), Some("a"));
        assert_eq!(
            spec.lease_transitions,
            Some(1),
            "taking a released lease is a transition"
        );
    }
}
