//! `replicas:`: set the replica count of the named workloads.

use serde_yaml::Value;

use crate::config::{FieldSpec, apply as walk};
use crate::error::BuildError;
use crate::resource::Resource;

pub(super) fn apply(
    resources: &mut [Resource],
    name: &str,
    count: i64,
    specs: &[FieldSpec],
) -> Result<(), BuildError> {
    let zero = Value::from(0);
    let mut found = false;
    for r in resources.iter_mut() {
        let ids = r.all_ids();
        let gvk = r.gvk();
        for spec in specs {
            if !ids
                .iter()
                .any(|id| id.name == name && id.gvk.is_selected(&spec.gvk))
            {
                continue;
            }
            found = true;
            walk(&mut r.value, &gvk, spec, Some(&zero), &mut |node| {
                *node = Value::from(count);
                Ok(())
            })?;
        }
    }
    if found {
        return Ok(());
    }
    let or = |s: &str, none: &str| {
        if s.is_empty() {
            none.to_string()
        } else {
            s.to_string()
        }
    };
    let gvks: Vec<String> = specs
        .iter()
        .map(|s| {
            format!(
                "{}.{}.{}",
                s.gvk.kind,
                or(&s.gvk.version, "[noVer]"),
                or(&s.gvk.group, "[noGrp]")
            )
        })
        .collect();
    Err(BuildError::config(format!(
        "resource with name {name} does not match a config with the following GVK [{}]",
        gvks.join(" ")
    )))
}
