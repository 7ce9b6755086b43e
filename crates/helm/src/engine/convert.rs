//! Conversions between values trees (`serde_json::Value`) and template values
//! ([`Value`](super::value::Value)).

use std::sync::Arc;

use super::value::{Entries, Value as Tv};
use serde_json::Value as Jv;

/// A JSON value as a template value: floats stay floats (values files), integers
/// stay integers (`--set`).
pub(crate) fn to_template(v: &Jv) -> Tv {
    match v {
        Jv::Null => Tv::Nil,
        Jv::Bool(b) => Tv::Bool(*b),
        Jv::Number(n) => {
            if let Some(i) = n.as_i64().filter(|_| !n.is_f64()) {
                Tv::Int(i)
            } else if let Some(u) = n.as_u64().filter(|_| !n.is_f64()) {
                Tv::Uint(u)
            } else {
                Tv::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Jv::String(s) => Tv::String(Arc::from(s.as_str())),
        Jv::Array(items) => Tv::List(items.iter().map(to_template).collect()),
        Jv::Object(m) => map_to_template(m),
    }
}

/// A JSON object as a template map.
pub(crate) fn map_to_template(m: &serde_json::Map<String, Jv>) -> Tv {
    let out: Entries = m
        .iter()
        .map(|(k, v)| (Arc::from(k.as_str()), to_template(v)))
        .collect();
    Tv::map(out)
}

/// Builds a template map from `(key, value)` pairs.
pub(crate) fn object<const N: usize>(entries: [(&str, Tv); N]) -> Tv {
    // Inserted one by one: for a handful of entries that is cheaper than
    // collecting, which buffers and sorts them first.
    let mut out = Entries::new();
    for (k, v) in entries {
        out.insert(Arc::from(k), v);
    }
    Tv::map(out)
}

/// A template string value.
pub(crate) fn string(s: &str) -> Tv {
    Tv::String(Arc::from(s))
}
