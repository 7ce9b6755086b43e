//! JSON values as CEL values: objects become maps, arrays lists, integers `int`,
//! other numbers `double`; the root of a resource shows only `apiVersion`, `kind`,
//! `metadata.name` and `metadata.generateName` of its metadata, as in kube-apiserver.

use std::collections::HashMap;
use std::sync::Arc;

use cel::objects::{Key, Map};
use serde_json::Value as Json;

/// The CEL value of a schema node's JSON value.
pub(super) fn to_cel(value: &Json, resource_root: bool) -> cel::Value {
    match value {
        Json::Object(map) if resource_root => {
            let mut out: HashMap<Key, cel::Value> = HashMap::with_capacity(map.len());
            for (k, v) in map {
                let v = if k == "metadata" {
                    root_metadata(v)
                } else {
                    convert(v)
                };
                out.insert(Key::from(k.clone()), v);
            }
            cel::Value::Map(Map { map: Arc::new(out) })
        }
        other => convert(other),
    }
}

fn root_metadata(metadata: &Json) -> cel::Value {
    let mut out: HashMap<Key, cel::Value> = HashMap::new();
    for field in ["name", "generateName"] {
        if let Some(v) = metadata.get(field) {
            out.insert(Key::from(field.to_owned()), convert(v));
        }
    }
    cel::Value::Map(Map { map: Arc::new(out) })
}

fn convert(value: &Json) -> cel::Value {
    match value {
        Json::Null => cel::Value::Null,
        Json::Bool(b) => cel::Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => cel::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => cel::Value::String(Arc::new(s.clone())),
        Json::Array(items) => cel::Value::List(Arc::new(items.iter().map(convert).collect())),
        Json::Object(map) => {
            let out: HashMap<Key, cel::Value> = map
                .iter()
                .map(|(k, v)| (Key::from(k.clone()), convert(v)))
                .collect();
            cel::Value::Map(Map { map: Arc::new(out) })
        }
    }
}

/// How big a value is, for the cost estimate: its own size (elements, entries or
/// characters) and the largest size of anything inside it (itself included).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Size {
    /// Elements of a list, entries of a map, bytes of a string; 0 for scalars.
    pub len: f64,
    /// The largest `len` of any value nested in it (its elements, their elements...).
    pub inner: f64,
}

impl Size {
    /// A value whose own size and nested sizes are at most `n`.
    pub fn up_to(n: f64) -> Self {
        Size { len: n, inner: n }
    }

    /// The larger of two bounds, field by field.
    pub fn max(self, other: Size) -> Self {
        Size {
            len: self.len.max(other.len),
            inner: self.inner.max(other.inner),
        }
    }
}

/// The size of a JSON value.
pub(super) fn size_of(value: &Json) -> Size {
    let len = match value {
        Json::String(s) => s.len(),
        Json::Array(a) => a.len(),
        Json::Object(o) => o.len(),
        _ => 0,
    } as f64;
    let widest = |s: Size| s.len.max(s.inner);
    let inner = match value {
        Json::Array(a) => a.iter().map(|v| widest(size_of(v))).fold(0.0, f64::max),
        Json::Object(o) => o.values().map(|v| widest(size_of(v))).fold(0.0, f64::max),
        _ => 0.0,
    };
    Size { len, inner }
}
