//! `namespace:`: set `metadata.namespace` on namespaced objects, the
//! namespace-valued fields of the config, and RoleBinding subjects.

use serde_yaml::Value;

use crate::config::{FieldSpec, apply as walk};
use crate::error::BuildError;
use crate::resource::Resource;
use crate::yaml;

pub(super) fn apply(
    resources: &mut [Resource],
    ns: &str,
    specs: &[FieldSpec],
    unset_only: bool,
    subjects: &str,
) -> Result<(), BuildError> {
    if ns.is_empty() {
        return Ok(());
    }
    let set = |node: &mut Value| -> Result<(), BuildError> {
        if node.is_mapping() || node.is_sequence() {
            return Err(BuildError::config(
                "namespace field specs must target scalar nodes",
            ));
        }
        let empty = node.is_null() || node.as_str() == Some("");
        if !unset_only || empty {
            *node = Value::from(ns);
        }
        Ok(())
    };
    for r in resources.iter_mut() {
        r.store_previous_id();
        let gvk = r.gvk();
        if !gvk.is_cluster_scoped() {
            let meta_spec = FieldSpec::new(Default::default(), "metadata/namespace", true);
            walk(
                &mut r.value,
                &gvk,
                &meta_spec,
                Some(&Value::Null),
                &mut |n| set(n),
            )?;
        }
        let is_binding = gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding";
        if is_binding {
            set_subjects(&mut r.value, subjects, &set)?;
        }
        let api_version = r.api_version().to_string();
        for spec in specs {
            if spec.path_text == "metadata/namespace" {
                continue;
            }
            if api_version != "v1" && spec.path_text == "metadata/name" {
                continue;
            }
            if is_binding && spec.path_text == "subjects/namespace" {
                continue;
            }
            walk(&mut r.value, &gvk, spec, Some(&Value::Null), &mut |n| {
                set(n)
            })?;
        }
    }
    let mut seen = std::collections::HashSet::new();
    for r in resources.iter() {
        let id = r.cur_id();
        let key = (
            id.gvk.clone(),
            id.name.clone(),
            id.effective_namespace().to_string(),
        );
        if !seen.insert(key) {
            return Err(BuildError::config(format!(
                "namespace transformation produces ID conflict: {id}"
            )));
        }
    }
    Ok(())
}

fn set_subjects(
    obj: &mut Value,
    mode: &str,
    set: &dyn Fn(&mut Value) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let all = match mode {
        "none" => return Ok(()),
        "" | "defaultOnly" => false,
        "allServiceAccounts" => true,
        other => {
            return Err(BuildError::config(format!(
                "invalid value \"{other}\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or \"allServiceAccounts\""
            )));
        }
    };
    let Some(list) = obj
        .as_mapping_mut()
        .and_then(|m| m.get_mut("subjects"))
        .and_then(Value::as_sequence_mut)
    else {
        return Ok(());
    };
    for s in list {
        let hit = if all {
            yaml::str_at(s, &["kind"]) == Some("ServiceAccount")
        } else {
            yaml::str_at(s, &["name"]) == Some("default")
        };
        if !hit {
            continue;
        }
        if let Some(m) = s.as_mapping_mut() {
            let entry = m.entry(Value::from("namespace")).or_insert(Value::Null);
            set(entry)?;
        }
    }
    Ok(())
}
