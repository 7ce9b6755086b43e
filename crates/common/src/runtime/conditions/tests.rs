use super::*;
use ConditionStatus::{False, True, Unknown};

fn ts(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap()
}

fn cond(
    type_: &str,
    status: ConditionStatus,
    reason: &str,
    message: &str,
    at: i64,
    generation: i64,
) -> Condition {
    Condition {
        type_: type_.into(),
        status,
        observed_generation: Some(generation),
        last_transition_time: Time(ts(at)),
        reason: reason.into(),
        message: message.into(),
    }
}

struct Case {
    name: &'static str,
    before: Vec<Condition>,
    set: (&'static str, ConditionStatus, &'static str, &'static str),
    want: Vec<Condition>,
}

#[test]
fn set_follows_flux_semantics() {
    let cases = vec![
        Case {
            name: "adds a new condition stamped now and with the generation",
            before: vec![],
            set: ("Ready", True, "Succeeded", "ok"),
            want: vec![cond("Ready", True, "Succeeded", "ok", 100, 2)],
        },
        Case {
            name: "keeps the transition time when nothing but the generation changes",
            before: vec![cond("Ready", True, "Succeeded", "ok", 10, 1)],
            set: ("Ready", True, "Succeeded", "ok"),
            want: vec![cond("Ready", True, "Succeeded", "ok", 10, 2)],
        },
        Case {
            name: "moves the transition time when the status changes",
            before: vec![cond("Ready", True, "Succeeded", "ok", 10, 2)],
            set: ("Ready", False, "Succeeded", "ok"),
            want: vec![cond("Ready", False, "Succeeded", "ok", 100, 2)],
        },
        Case {
            name: "moves the transition time when the reason changes",
            before: vec![cond("Ready", False, "A", "m", 10, 2)],
            set: ("Ready", False, "B", "m"),
            want: vec![cond("Ready", False, "B", "m", 100, 2)],
        },
        Case {
            name: "moves the transition time when the message changes",
            before: vec![cond("Ready", Unknown, "Progressing", "a", 10, 2)],
            set: ("Ready", Unknown, "Progressing", "b"),
            want: vec![cond("Ready", Unknown, "Progressing", "b", 100, 2)],
        },
        Case {
            name: "deletes Reconciling instead of setting it False",
            before: vec![cond("Reconciling", True, "Progressing", "m", 10, 1)],
            set: ("Reconciling", False, "Succeeded", "done"),
            want: vec![],
        },
        Case {
            name: "deletes Stalled instead of setting it False",
            before: vec![
                cond("Stalled", True, "Invalid", "m", 10, 1),
                cond("Ready", False, "Invalid", "m", 10, 1),
            ],
            set: ("Stalled", False, "Fixed", "m"),
            want: vec![cond("Ready", False, "Invalid", "m", 10, 1)],
        },
        Case {
            name: "sorts Stalled, Reconciling, Ready first, then by type",
            before: vec![
                cond("FetchFailed", True, "X", "m", 10, 2),
                cond("Ready", False, "X", "m", 10, 2),
                cond("ArtifactInStorage", True, "X", "m", 10, 2),
            ],
            set: ("Reconciling", True, "Progressing", "m"),
            want: vec![
                cond("Reconciling", True, "Progressing", "m", 100, 2),
                cond("Ready", False, "X", "m", 10, 2),
                cond("ArtifactInStorage", True, "X", "m", 10, 2),
                cond("FetchFailed", True, "X", "m", 10, 2),
            ],
        },
    ];
    for case in cases {
        let mut conditions = case.before;
        let (t, s, r, m) = case.set;
        ConditionSet::at(&mut conditions, Some(2), ts(100)).set(t, s, r, m);
        assert_eq!(conditions, case.want, "{}", case.name);
    }
}

#[test]
fn reconciling_and_stalled_exclude_each_other() {
    let mut conditions = vec![];
    let mut set = ConditionSet::at(&mut conditions, Some(1), ts(5));
    set.mark_stalled("InvalidURL", "bad url");
    set.mark_reconciling("Progressing", "retrying");
    assert!(set.get(STALLED_CONDITION).is_none());
    set.mark_stalled("InvalidURL", "bad url");
    assert!(set.get(RECONCILING_CONDITION).is_none());
    assert!(is_true(&conditions, STALLED_CONDITION));
}

#[test]
fn caps_the_message_at_the_api_limit_on_a_char_boundary() {
    let mut conditions = vec![];
    let long = "é".repeat(MAX_MESSAGE_LENGTH);
    ConditionSet::at(&mut conditions, None, ts(1)).mark_false("Ready", "Failed", &long);
    let message = &conditions[0].message;
    assert!(message.len() <= MAX_MESSAGE_LENGTH);
    assert_eq!(message.len(), MAX_MESSAGE_LENGTH);
    assert_eq!(truncate("short", 10), "short");
}

#[test]
fn truncates_timestamps_to_the_second() {
    let mut conditions = vec![];
    let now = Timestamp::from_millisecond(1_500).unwrap();
    ConditionSet::at(&mut conditions, None, now).mark_true("Ready", "Succeeded", "ok");
    assert_eq!(conditions[0].last_transition_time, Time(ts(1)));
}
