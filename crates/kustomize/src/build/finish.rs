//! The steps that run once, at the top of a build: hash suffixes, name
//! references, vars, dropping local config, ordering and build metadata.

use serde_yaml::Value;

use super::Accumulator;
use super::load::Ctx;
use crate::error::BuildError;
use crate::kustomization::Kustomization;
use crate::{hash, nameref, order, vars, yaml};

/// The label `buildMetadata: [managedByLabel]` adds.
const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// Its value: kubectl's embedded kustomize reports its version as `(devel)`.
const MANAGED_BY_VALUE: &str = "kustomize-(devel)";

pub(crate) fn finish(
    _ctx: &mut Ctx<'_>,
    _dir: &str,
    k: &Kustomization,
    mut ra: Accumulator,
) -> Result<Vec<Value>, BuildError> {
    for r in ra.resources.iter_mut().filter(|r| r.needs_hash) {
        let suffix = hash::suffix(&r.value);
        r.store_previous_id();
        let name = format!("{}-{suffix}", r.name());
        r.set_name(&name);
    }
    nameref::fix_back_references(&mut ra.resources, &ra.config)?;
    vars::resolve(&mut ra.resources, &ra.vars, &ra.config)?;
    ra.resources.retain(|r| !r.is_local_config());
    sort(k, &mut ra)?;
    let meta = k.build_metadata.clone().unwrap_or_default();
    let origins = meta.iter().any(|m| m == "originAnnotations");
    let transformations = meta.iter().any(|m| m == "transformerAnnotations");
    let managed_by = meta.iter().any(|m| m == "managedByLabel");
    let mut out = Vec::with_capacity(ra.resources.len());
    for mut r in ra.resources {
        if !string_keys_only(&r.value) {
            return Err(BuildError::config(format!(
                "{}: json: unsupported type: map[interface {{}}]interface {{}} (a map key is not a string)",
                r.cur_id()
            )));
        }
        stringify_annotations(&mut r.value);
        if managed_by && let Some(labels) = yaml::ensure_map(&mut r.value, &["metadata", "labels"])
        {
            labels.insert(Value::from(MANAGED_BY_LABEL), Value::from(MANAGED_BY_VALUE));
        }
        if let Some(o) = r.origin.take().filter(|_| origins) {
            set_annotation(
                &mut r.value,
                "config.kubernetes.io/origin",
                &o.to_annotation(),
            );
        }
        if transformations && !r.transformations.is_empty() {
            let text = crate::origin::transformations_annotation(&r.transformations);
            set_annotation(
                &mut r.value,
                "alpha.config.kubernetes.io/transformations",
                &text,
            );
        }
        out.push(r.value);
    }
    Ok(out)
}

/// kustomize prints resources through JSON, which has no room for the
/// number, boolean or null map keys a plain YAML key can resolve to.
fn string_keys_only(v: &Value) -> bool {
    match v {
        Value::Mapping(m) => m
            .iter()
            .all(|(k, v)| matches!(k, Value::String(_)) && string_keys_only(v)),
        Value::Sequence(s) => s.iter().all(string_keys_only),
        Value::Tagged(t) => string_keys_only(&t.value),
        _ => true,
    }
}

/// kustomize rewrites every resource's annotations as strings: scalars keep
/// their text (`port: 8080` prints as `"8080"`; floats and hex lose their
/// spelling here) and empty values become empty strings; an empty
/// annotations map goes.
fn stringify_annotations(v: &mut Value) {
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_mapping_mut)
        && meta.get("annotations").is_some_and(|a| {
            a.is_null() || a.as_mapping().is_some_and(serde_yaml::Mapping::is_empty)
        })
    {
        meta.shift_remove("annotations");
    }
    let Some(ann) =
        yaml::get_path_mut(v, &["metadata", "annotations"]).and_then(Value::as_mapping_mut)
    else {
        return;
    };
    for (_, v) in ann.iter_mut() {
        if matches!(v, Value::Number(_) | Value::Bool(_) | Value::Null)
            && let Some(text) = yaml::scalar_string(v)
        {
            *v = Value::String(text);
        }
    }
}

fn set_annotation(v: &mut Value, key: &str, text: &str) {
    if let Some(m) = yaml::ensure_map(v, &["metadata", "annotations"]) {
        m.insert(Value::from(key), Value::from(text));
    }
}

fn sort(k: &Kustomization, ra: &mut Accumulator) -> Result<(), BuildError> {
    match &k.sort_options {
        None => {
            let (first, last) = order::defaults();
            order::legacy_sort(&mut ra.resources, &first, &last);
            Ok(())
        }
        Some(opts) => order::sort_with_options(&mut ra.resources, opts),
    }
}
