//! Reading kustomization files the way kustomize does: YAML converted to JSON
//! (a repeated key keeps its last value) and decoded with case-insensitive
//! field names.

use serde_yaml::{Mapping, Value};

/// Renames keys that match a known field name case-insensitively.
pub(super) fn canonical_keys(v: &mut Value, fields: &[&str]) {
    let Some(m) = v.as_mapping_mut() else {
        return;
    };
    let renamed: Mapping = std::mem::take(m)
        .into_iter()
        .map(|(k, v)| {
            let key = match k.as_str() {
                Some(s) if !fields.contains(&s) => {
                    match fields.iter().find(|f| f.eq_ignore_ascii_case(s)) {
                        Some(f) => Value::from(*f),
                        None => k,
                    }
                }
                _ => k,
            };
            (key, v)
        })
        .collect();
    *m = renamed;
}
