use std::time::Duration;

use oxbow_api::meta::ConditionStatus::{self, False, True, Unknown};

use super::*;
use crate::runtime::conditions::find;
use crate::runtime::fixture::{Widget, widget};

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

fn failure(class: ErrorClass) -> Failure {
    Failure {
        class,
        reason: "GitOperationFailed".into(),
        message: "failed to clone".into(),
    }
}

fn status_of(object: &Widget, type_: &str) -> Option<(ConditionStatus, String)> {
    find(object.conditions(), type_).map(|c| (c.status, c.reason.clone()))
}

struct Case {
    name: &'static str,
    result: Result<Outcome, Failure>,
    retry_interval: Option<&'static str>,
    ready: (ConditionStatus, &'static str),
    reconciling: Option<&'static str>,
    stalled: Option<&'static str>,
    observed: Option<i64>,
    requeue: Requeue,
}

#[test]
fn summary_writes_ready_and_decides_requeue() {
    let ten_minutes = Duration::from_secs(600);
    let cases = vec![
        Case {
            name: "success is Ready=True, final for the generation, requeued at the interval",
            result: Ok(Outcome::ready("stored artifact")),
            retry_interval: None,
            ready: (True, "Succeeded"),
            reconciling: None,
            stalled: None,
            observed: Some(3),
            requeue: Requeue::Interval(ten_minutes),
        },
        Case {
            name: "progress is Reconciling=True and Ready=Unknown",
            result: Ok(Outcome::progressing("reconciliation in progress")),
            retry_interval: None,
            ready: (Unknown, "Progressing"),
            reconciling: Some("Progressing"),
            stalled: None,
            observed: None,
            requeue: Requeue::Interval(ten_minutes),
        },
        Case {
            name: "progress may ask for an earlier look",
            result: Ok(Outcome::Progressing {
                message: "waiting".into(),
                requeue_after: Some(Duration::from_secs(5)),
            }),
            retry_interval: None,
            ready: (Unknown, "Progressing"),
            reconciling: Some("Progressing"),
            stalled: None,
            observed: None,
            requeue: Requeue::After(Duration::from_secs(5)),
        },
        Case {
            name: "a stalling error is Stalled=True, final, never requeued",
            result: Err(failure(ErrorClass::Stalling)),
            retry_interval: None,
            ready: (False, "GitOperationFailed"),
            reconciling: None,
            stalled: Some("GitOperationFailed"),
            observed: Some(3),
            requeue: Requeue::Never,
        },
        Case {
            name: "a waiting error requeues after the dependency interval",
            result: Err(failure(ErrorClass::Waiting)),
            retry_interval: None,
            ready: (False, "GitOperationFailed"),
            reconciling: Some("ProgressingWithRetry"),
            stalled: None,
            observed: None,
            requeue: Requeue::Dependency,
        },
        Case {
            name: "a transient error backs off",
            result: Err(failure(ErrorClass::Transient)),
            retry_interval: None,
            ready: (False, "GitOperationFailed"),
            reconciling: Some("ProgressingWithRetry"),
            stalled: None,
            observed: None,
            requeue: Requeue::Backoff,
        },
        Case {
            name: "a transient error honours spec.retryInterval",
            result: Err(failure(ErrorClass::Transient)),
            retry_interval: Some("2m"),
            ready: (False, "GitOperationFailed"),
            reconciling: Some("ProgressingWithRetry"),
            stalled: None,
            observed: None,
            requeue: Requeue::RetryInterval(Duration::from_secs(120)),
        },
    ];
    for case in cases {
        let mut object = widget();
        object.spec.retry_interval = case.retry_interval.map(Into::into);
        object.conditions_mut().push(Condition {
            type_: "Stalled".into(),
            status: True,
            observed_generation: Some(2),
            last_transition_time: Time(now()),
            reason: "Old".into(),
            message: "old".into(),
        });
        let requeue = summarize(&mut object, &case.result, now());
        assert_eq!(requeue, case.requeue, "{}", case.name);
        let (status, reason) = status_of(&object, "Ready").unwrap();
        assert_eq!((status, reason.as_str()), case.ready, "{}", case.name);
        assert_eq!(
            status_of(&object, "Reconciling").map(|c| c.1),
            case.reconciling.map(String::from),
            "{}",
            case.name
        );
        assert_eq!(
            status_of(&object, "Stalled").map(|c| c.1),
            case.stalled.map(String::from),
            "{}",
            case.name
        );
        assert_eq!(object.observed_generation(), case.observed, "{}", case.name);
        assert!(
            object
                .conditions()
                .iter()
                .all(|c| c.observed_generation == Some(3) || c.reason == "Old")
        );
    }
}

#[test]
fn a_missing_or_zero_interval_waits_for_changes() {
    let mut object = widget();
    object.spec.interval = "0s".into();
    assert_eq!(
        summarize(&mut object, &Ok(Outcome::ready("ok")), now()),
        Requeue::Never
    );
}

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use oxbow_api::meta::Condition;
