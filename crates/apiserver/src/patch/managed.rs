//! `metadata.managedFields`: reading the entries of a live object and writing them back
//! in kube-apiserver's order, one entry per manager identity.

use serde_json::{Map, Value, json};

use super::fieldpath::{FieldSet, PathElement};

/// `operation` of an entry.
pub(crate) const APPLY: &str = "Apply";
/// `operation` of an entry written by create, update or patch.
pub(crate) const UPDATE: &str = "Update";

/// One `managedFields` entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub manager: String,
    pub operation: String,
    pub api_version: String,
    pub time: Option<String>,
    pub subresource: Option<String>,
    pub fields: FieldSet,
}

impl Entry {
    /// Whether `self` is the entry of the writer described by the arguments. Appliers are
    /// one identity across API versions; updaters get an entry per version.
    pub fn is(&self, manager: &str, operation: &str, api_version: &str, sub: Option<&str>) -> bool {
        self.manager == manager
            && self.operation == operation
            && self.subresource.as_deref() == sub
            && (operation == APPLY || self.api_version == api_version)
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("apiVersion".into(), json!(self.api_version));
        m.insert("fieldsType".into(), json!("FieldsV1"));
        m.insert("fieldsV1".into(), self.fields.to_fields_v1());
        m.insert("manager".into(), json!(self.manager));
        m.insert("operation".into(), json!(self.operation));
        if let Some(s) = &self.subresource {
            m.insert("subresource".into(), json!(s));
        }
        if let Some(t) = &self.time {
            m.insert("time".into(), json!(t));
        }
        Value::Object(m)
    }

    fn from_json(v: &Value) -> Option<Entry> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        Some(Entry {
            manager: s("manager").unwrap_or_default(),
            operation: s("operation")?,
            api_version: s("apiVersion").unwrap_or_default(),
            time: s("time"),
            subresource: s("subresource").filter(|s| !s.is_empty()),
            fields: FieldSet::from_fields_v1(v.get("fieldsV1").unwrap_or(&Value::Null)),
        })
    }
}

/// `metadata.managedFields` (`Value::pointer` would allocate for every lookup).
pub(crate) fn managed_fields(obj: &Value) -> Option<&Value> {
    obj.get("metadata")?.get("managedFields")
}

/// The entries of `obj`'s `metadata.managedFields` (malformed entries are dropped, as
/// kube-apiserver resets managed fields it cannot decode).
pub(crate) fn read(obj: &Value) -> Vec<Entry> {
    managed_fields(obj)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Entry::from_json).collect())
        .unwrap_or_default()
}

/// Whether `obj` has a `metadata.managedFields` list at all.
pub(crate) fn has_managed_fields(obj: &Value) -> bool {
    managed_fields(obj)
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
}

/// Writes `entries` (empty ones dropped, sorted like kube-apiserver: by operation, time,
/// manager, apiVersion, subresource) into `obj.metadata.managedFields`.
pub(crate) fn write(obj: &mut Value, mut entries: Vec<Entry>) {
    entries.retain(|e| !e.fields.is_empty());
    entries.sort_by(|a, b| {
        a.operation
            .cmp(&b.operation)
            .then_with(|| a.time.cmp(&b.time))
            .then_with(|| a.manager.cmp(&b.manager))
            .then_with(|| a.api_version.cmp(&b.api_version))
            .then_with(|| a.subresource.cmp(&b.subresource))
    });
    let Value::Object(root) = obj else {
        return;
    };
    let meta = root
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(meta) = meta else {
        return;
    };
    if entries.is_empty() {
        meta.shift_remove("managedFields");
    } else {
        meta.insert(
            "managedFields".into(),
            Value::Array(entries.iter().map(Entry::to_json).collect()),
        );
    }
}

/// Fields kube-apiserver never tracks: identity and bookkeeping set by the server.
pub(crate) fn strip_untracked(set: &mut FieldSet) {
    set.retain_fields(&[], |name| !matches!(name, "apiVersion" | "kind"));
    set.retain_fields(&["metadata"], |name| {
        !matches!(
            name,
            "name"
                | "namespace"
                | "creationTimestamp"
                | "selfLink"
                | "uid"
                | "clusterName"
                | "generation"
                | "managedFields"
                | "resourceVersion"
        )
    });
    // `metadata` itself is never a member, only the fields below it.
    set.unset_member(&[PathElement::Field("metadata".into())]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_entries_and_sorts_apply_before_update() {
        let obj = json!({"metadata": {"managedFields": [
            {"apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}},
             "manager": "kube-controller-manager", "operation": "Update", "subresource": "status",
             "time": "2024-01-01T00:00:00Z"},
            {"apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:paused": {}}},
             "manager": "kubectl", "operation": "Apply", "time": "2024-01-02T00:00:00Z"},
            "garbage"
        ]}});
        let entries = read(&obj);
        assert_eq!(entries.len(), 2);
        let mut out = json!({"metadata": {}});
        write(&mut out, entries);
        let written = out
            .pointer("/metadata/managedFields")
            .unwrap()
            .as_array()
            .unwrap();
        assert_eq!(written[0]["manager"], "kubectl");
        assert_eq!(written[1]["subresource"], "status");
        assert_eq!(
            written[1].as_object().unwrap().keys().collect::<Vec<_>>(),
            [
                "apiVersion",
                "fieldsType",
                "fieldsV1",
                "manager",
                "operation",
                "subresource",
                "time"
            ]
        );
    }
}
