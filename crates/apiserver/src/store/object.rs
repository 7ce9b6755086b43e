//! One stored object: the JSON bytes reads serve as they are, plus the few metadata
//! fields the store itself consults (selectors, garbage collection, deletion) without
//! decoding. Writes decode the bytes on demand. A small object takes a few hundred
//! bytes this way instead of several kilobytes as a `serde_json::Value` tree.

use serde_json::Value;

/// A stored object.
#[derive(Debug)]
pub struct Stored {
    json: Box<[u8]>,
    index: Index,
}

#[derive(Debug, Default)]
struct Index {
    api_version: Box<str>,
    uid: Box<str>,
    labels: Box<[(Box<str>, Box<str>)]>,
    owners: Box<[Box<str>]>,
    finalizers: Box<[Box<str>]>,
    deleting: bool,
}

fn boxed(v: Option<&Value>) -> Box<str> {
    v.and_then(Value::as_str).unwrap_or_default().into()
}

fn strings(v: Option<&Value>) -> Box<[Box<str>]> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(Box::from).collect())
        .unwrap_or_default()
}

impl Index {
    fn of(obj: &Value) -> Index {
        let meta = obj.get("metadata");
        let field = |f: &str| meta.and_then(|m| m.get(f));
        Index {
            api_version: boxed(obj.get("apiVersion")),
            uid: boxed(field("uid")),
            labels: field("labels")
                .and_then(Value::as_object)
                .map(|l| {
                    l.iter()
                        .filter_map(|(k, v)| Some((Box::from(k.as_str()), Box::from(v.as_str()?))))
                        .collect()
                })
                .unwrap_or_default(),
            owners: field("ownerReferences")
                .and_then(Value::as_array)
                .map(|refs| {
                    refs.iter()
                        .filter_map(|r| r.get("uid").and_then(Value::as_str))
                        .map(Box::from)
                        .collect()
                })
                .unwrap_or_default(),
            finalizers: strings(field("finalizers")),
            deleting: field("deletionTimestamp").is_some_and(|v| !v.is_null()),
        }
    }
}

impl Stored {
    /// Encodes an object for storage.
    pub fn new(obj: &Value) -> Stored {
        // Serialising a `Value` cannot fail: its map keys are strings.
        let json = serde_json::to_vec(obj)
            .unwrap_or_default()
            .into_boxed_slice();
        Stored {
            json,
            index: Index::of(obj),
        }
    }

    /// The object, decoded.
    pub fn value(&self) -> Value {
        // The bytes were produced by `serde_json` from a `Value`, so they decode.
        serde_json::from_slice(&self.json).unwrap_or(Value::Null)
    }

    /// The object's JSON encoding.
    pub fn json(&self) -> &[u8] {
        &self.json
    }

    /// `apiVersion` as stored.
    pub fn api_version(&self) -> &str {
        &self.index.api_version
    }

    /// `metadata.uid`.
    pub fn uid(&self) -> &str {
        &self.index.uid
    }

    /// A label's value.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.index
            .labels
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }

    /// The uids of the object's owners.
    pub fn owner_uids(&self) -> &[Box<str>] {
        &self.index.owners
    }

    /// `metadata.finalizers`.
    pub fn finalizers(&self) -> &[Box<str>] {
        &self.index.finalizers
    }

    /// Whether a finalizer is present.
    pub fn has_finalizer(&self, f: &str) -> bool {
        self.index.finalizers.iter().any(|x| &**x == f)
    }

    /// Whether the object is being deleted (`deletionTimestamp` set).
    pub fn is_deleting(&self) -> bool {
        self.index.deleting
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn index_reads_metadata_and_bytes_round_trip() {
        let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {
            "name": "a", "uid": "u1", "labels": {"app": "x"},
            "ownerReferences": [{"uid": "o1"}], "finalizers": ["f"],
            "deletionTimestamp": "2024-01-01T00:00:00Z"}});
        let s = Stored::new(&obj);
        assert_eq!(s.value(), obj);
        assert_eq!(s.uid(), "u1");
        assert_eq!(s.label("app"), Some("x"));
        assert_eq!(s.label("other"), None);
        assert_eq!(&*s.owner_uids()[0], "o1");
        assert!(s.has_finalizer("f"));
        assert!(s.is_deleting());
        assert_eq!(s.api_version(), "v1");
    }
}
