//! core/v1 Events and events.k8s.io/v1 Events are two views of one storage, as in
//! kube-apiserver: objects are stored in the core/v1 shape, and requests through
//! events.k8s.io/v1 convert on the way in and out (`note`↔`message`,
//! `regarding`↔`involvedObject`, `reportingController`↔`reportingComponent`, the
//! `deprecated*` fields ↔ `source`, `firstTimestamp`, `lastTimestamp`, `count`).

use serde_json::{Map, Value};

use crate::registry::GroupResource;

/// The API group of the second view.
pub const GROUP: &str = "events.k8s.io";

/// Field pairs: (events.k8s.io/v1 name, core/v1 name). Other fields (`reason`,
/// `type`, `action`, `related`, `series`, `eventTime`, `reportingInstance`) share
/// their name.
const RENAMED: [(&str, &str); 7] = [
    ("note", "message"),
    ("regarding", "involvedObject"),
    ("reportingController", "reportingComponent"),
    ("deprecatedSource", "source"),
    ("deprecatedFirstTimestamp", "firstTimestamp"),
    ("deprecatedLastTimestamp", "lastTimestamp"),
    ("deprecatedCount", "count"),
];

/// Whether a resource is the events.k8s.io view.
pub fn is_events_view(group: &str, plural: &str) -> bool {
    group == GROUP && plural == "events"
}

/// Where both views are stored.
pub fn storage() -> GroupResource {
    GroupResource::new("", "events")
}

fn rename(
    obj: &mut Value,
    api_version: &str,
    pairs: impl Iterator<Item = (&'static str, &'static str)>,
) {
    let Some(o) = obj.as_object_mut() else {
        return;
    };
    let mut out = Map::with_capacity(o.len());
    let old = std::mem::take(o);
    let pairs: Vec<_> = pairs.collect();
    for (k, v) in old {
        let key = pairs
            .iter()
            .find(|(from, _)| *from == k)
            .map(|(_, to)| (*to).to_owned())
            .unwrap_or(k);
        out.insert(key, v);
    }
    out.insert("apiVersion".into(), Value::String(api_version.to_owned()));
    *o = out;
}

/// A field path of the events.k8s.io/v1 view (`regarding.name`) as the core/v1
/// path it is stored under (`involvedObject.name`).
pub fn to_core_path(path: &str) -> String {
    let (first, rest) = match path.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (path, None),
    };
    let first = RENAMED
        .iter()
        .find(|(view, _)| *view == first)
        .map_or(first, |(_, core)| core);
    match rest {
        Some(r) => format!("{first}.{r}"),
        None => first.to_owned(),
    }
}

/// An events.k8s.io/v1 Event in the stored core/v1 shape.
pub fn to_core(mut obj: Value) -> Value {
    rename(&mut obj, "v1", RENAMED.iter().copied());
    obj
}

/// A stored core/v1 Event as events.k8s.io/v1 shows it.
pub fn to_events_view(mut obj: Value) -> Value {
    rename(
        &mut obj,
        "events.k8s.io/v1",
        RENAMED.iter().map(|(view, core)| (*core, *view)),
    );
    obj
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn views_map_fields_both_ways() {
        let view = json!({"apiVersion": "events.k8s.io/v1", "kind": "Event",
            "metadata": {"name": "e"}, "note": "hello", "reason": "Started",
            "regarding": {"kind": "Pod", "name": "p"}, "reportingController": "c",
            "deprecatedCount": 3});
        let core = to_core(view.clone());
        assert_eq!(core["apiVersion"], "v1");
        assert_eq!(core["message"], "hello");
        assert_eq!(core["involvedObject"]["name"], "p");
        assert_eq!(core["reportingComponent"], "c");
        assert_eq!(core["count"], 3);
        assert_eq!(core["reason"], "Started");
        assert!(core.get("note").is_none());
        assert_eq!(to_events_view(core), view);
    }

    #[test]
    fn view_field_paths_map_to_core_paths() {
        assert_eq!(to_core_path("regarding.name"), "involvedObject.name");
        assert_eq!(to_core_path("note"), "message");
        assert_eq!(to_core_path("metadata.name"), "metadata.name");
    }
}
