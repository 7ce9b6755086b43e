//! The Go structs behind a kustomization's nested objects that stay untyped
//! here (`replacements`, `vars`, `sortOptions`, `metadata`, label field
//! specs). Go's JSON decoding matches their field names case-insensitively
//! and, for a kustomization file, rejects unknown ones; these shapes let us
//! do both before the engine reads the values by their canonical names.

use serde_yaml::Value;

use super::loose::canonical_keys;

/// What Go decodes a value into.
pub(super) enum Shape {
    /// A scalar, a string map or a list of scalars: nothing to rename.
    Leaf,
    /// A struct: its JSON field names and their shapes.
    Struct(&'static [(&'static str, Shape)]),
    /// A list of one shape.
    List(&'static Shape),
}

use Shape::{Leaf, List, Struct};

const SELECTOR: Shape = Struct(&[
    ("group", Leaf),
    ("version", Leaf),
    ("kind", Leaf),
    ("name", Leaf),
    ("namespace", Leaf),
    ("annotationSelector", Leaf),
    ("labelSelector", Leaf),
]);

const FIELD_OPTIONS: Shape = Struct(&[
    ("delimiter", Leaf),
    ("index", Leaf),
    ("encoding", Leaf),
    ("create", Leaf),
]);

const SOURCE: Shape = Struct(&[
    ("group", Leaf),
    ("version", Leaf),
    ("kind", Leaf),
    ("name", Leaf),
    ("namespace", Leaf),
    ("fieldPath", Leaf),
    ("options", FIELD_OPTIONS),
]);

const TARGET: Shape = Struct(&[
    ("select", SELECTOR),
    ("reject", List(&SELECTOR)),
    ("fieldPaths", Leaf),
    ("options", FIELD_OPTIONS),
]);

/// One entry of `replacements:` (inline, or `path:` naming a file).
pub(super) const REPLACEMENT: Shape = Struct(&[
    ("source", SOURCE),
    ("targets", List(&TARGET)),
    ("path", Leaf),
]);

/// One entry of `vars:`.
pub(super) const VAR: Shape = Struct(&[
    ("name", Leaf),
    (
        "objref",
        Struct(&[
            ("apiVersion", Leaf),
            ("group", Leaf),
            ("version", Leaf),
            ("kind", Leaf),
            ("name", Leaf),
            ("namespace", Leaf),
        ]),
    ),
    ("fieldref", Struct(&[("fieldPath", Leaf)])),
]);

/// `sortOptions:`.
pub(super) const SORT_OPTIONS: Shape = Struct(&[
    ("order", Leaf),
    (
        "legacySortOptions",
        Struct(&[("orderFirst", Leaf), ("orderLast", Leaf)]),
    ),
]);

/// `metadata:`.
pub(super) const METADATA: Shape = Struct(&[
    ("name", Leaf),
    ("namespace", Leaf),
    ("labels", Leaf),
    ("annotations", Leaf),
]);

/// A field spec (`labels[].fields[]`).
pub(super) const FIELD_SPEC: Shape = Struct(&[
    ("group", Leaf),
    ("version", Leaf),
    ("kind", Leaf),
    ("path", Leaf),
    ("create", Leaf),
]);

/// Renames `v`'s field names to their canonical spelling, all the way down;
/// with `strict`, a field the struct lacks is Go's "unknown field" error.
pub(super) fn normalize(v: &mut Value, shape: &Shape, strict: bool) -> Result<(), String> {
    match shape {
        Leaf => Ok(()),
        List(item) => match v.as_sequence_mut() {
            Some(items) => items
                .iter_mut()
                .try_for_each(|i| normalize(i, item, strict)),
            None => Ok(()),
        },
        Struct(fields) => {
            let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
            canonical_keys(v, &names);
            let Some(m) = v.as_mapping_mut() else {
                return Ok(());
            };
            for (k, child) in m.iter_mut() {
                match fields.iter().find(|(n, _)| k.as_str() == Some(n)) {
                    Some((_, s)) => normalize(child, s, strict)?,
                    None if strict => {
                        return Err(format!(
                            "json: unknown field {:?}",
                            crate::yaml::scalar_string(k).unwrap_or_default()
                        ));
                    }
                    None => {}
                }
            }
            Ok(())
        }
    }
}

/// Normalizes the untyped nested objects of a kustomization file.
pub(super) fn normalize_kustomization(v: &mut Value) -> Result<(), String> {
    let Some(m) = v.as_mapping_mut() else {
        return Ok(());
    };
    for (key, shape) in [
        ("metadata", &METADATA),
        ("replacements", &List(&REPLACEMENT)),
        ("vars", &List(&VAR)),
        ("sortOptions", &SORT_OPTIONS),
    ] {
        if let Some(child) = m.get_mut(key) {
            normalize(child, shape, true)?;
        }
    }
    if let Some(labels) = m.get_mut("labels").and_then(Value::as_sequence_mut) {
        for l in labels {
            if let Some(fields) = l.get_mut("fields") {
                normalize(fields, &List(&FIELD_SPEC), true)?;
            }
        }
    }
    Ok(())
}
