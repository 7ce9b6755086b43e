//! Applying patches to resources: strategic merge patches matched by their
//! own id or by a target selector, and JSON 6902 patches on selected targets.

use serde_yaml::Value;

use crate::error::BuildError;
use crate::patch::schema::Schema;
use crate::patch::{json6902, smp};
use crate::resid::{Gvk, ResId};
use crate::resource::Resource;
use crate::selector::Selector;
use crate::yaml;

fn patch_id(p: &Value) -> ResId {
    ResId {
        gvk: Gvk::new(
            yaml::str_at(p, &["apiVersion"]).unwrap_or(""),
            yaml::str_at(p, &["kind"]).unwrap_or(""),
        ),
        name: yaml::str_at(p, &["metadata", "name"])
            .unwrap_or("")
            .to_string(),
        namespace: yaml::str_at(p, &["metadata", "namespace"])
            .unwrap_or("")
            .to_string(),
    }
}

fn find_unique(resources: &[Resource], id: &ResId) -> Result<usize, BuildError> {
    let hits: Vec<usize> = resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.all_ids().iter().any(|x| x.same_as(id)))
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [i] => Ok(*i),
        [] => Err(BuildError::config(format!(
            "no resource matches strategic merge patch \"{id}\": failed to find unique target for patch {id}"
        ))),
        _ => Err(BuildError::config(format!(
            "multiple matches for id {id}: failed to find unique target for patch {id}"
        ))),
    }
}

/// `patchesStrategicMerge`: each patch goes to the resource with its id.
pub(super) fn strategic_merge(
    resources: &mut Vec<Resource>,
    patches: &[Value],
    schema: Option<&Schema>,
    directives: smp::Directives,
) -> Result<(), BuildError> {
    let opts = SmpOptions {
        allow_name: false,
        allow_kind: false,
        schema,
        directives,
    };
    for p in patches {
        let i = find_unique(resources, &patch_id(p))?;
        apply_smp(resources, &[i], p, &opts)?;
    }
    Ok(())
}

/// How a strategic merge patch may change its targets.
pub(super) struct SmpOptions<'a> {
    pub allow_name: bool,
    pub allow_kind: bool,
    pub schema: Option<&'a Schema>,
    pub directives: smp::Directives,
}

/// A `patches:` entry.
pub(super) fn patch(
    resources: &mut Vec<Resource>,
    smps: &[Value],
    json: Option<&Value>,
    target: Option<&Selector>,
    opts: &SmpOptions<'_>,
) -> Result<(), BuildError> {
    if let Some(ops) = json {
        let Some(target) = target else {
            return Err(BuildError::config("must specify a target for patch"));
        };
        let ops = ops.as_sequence().cloned().unwrap_or_default();
        for r in resources.iter_mut() {
            if !target.matches(r)? {
                continue;
            }
            r.store_previous_id();
            // kustomize's resources always carry annotations (its build
            // bookkeeping lives there), so `/metadata/annotations/x` exists.
            if let Some(meta) = r.value.get_mut("metadata").and_then(Value::as_mapping_mut) {
                let ann = meta
                    .entry(Value::from("annotations"))
                    .or_insert(Value::Null);
                if ann.is_null() {
                    *ann = Value::Mapping(serde_yaml::Mapping::new());
                }
            }
            json6902::apply(&mut r.value, &ops)?;
        }
        return Ok(());
    }
    for p in smps {
        let selected: Vec<usize> = match target {
            None => vec![find_unique(resources, &patch_id(p))?],
            Some(t) => {
                let mut v = Vec::new();
                for (i, r) in resources.iter().enumerate() {
                    if t.matches(r)? {
                        v.push(i);
                    }
                }
                v
            }
        };
        apply_smp(resources, &selected, p, opts)?;
    }
    Ok(())
}

fn apply_smp(
    resources: &mut Vec<Resource>,
    selected: &[usize],
    patch: &Value,
    opts: &SmpOptions<'_>,
) -> Result<(), BuildError> {
    let (allow_name, allow_kind) = (opts.allow_name, opts.allow_kind);
    let mut removed = Vec::new();
    for &i in selected {
        let r = &mut resources[i];
        let mut p = patch.clone();
        if let Some(m) = p.as_mapping_mut() {
            if r.api_version().is_empty() {
                m.shift_remove("apiVersion");
            } else {
                m.insert(Value::from("apiVersion"), Value::from(r.api_version()));
            }
        }
        let (name, ns, kind) = (
            r.name().to_string(),
            r.namespace().to_string(),
            r.kind().to_string(),
        );
        if allow_name || allow_kind {
            r.store_previous_id();
        }
        match smp::merge_with_schema(&r.value, &p, opts.schema, opts.directives)? {
            None => removed.push(i),
            Some(v) if v.as_mapping().is_none_or(|m| m.is_empty()) => removed.push(i),
            Some(v) => {
                r.value = v;
                if !allow_kind {
                    set_top(&mut r.value, "kind", &kind);
                }
                if !allow_name {
                    r.set_name(&name);
                }
                if ns.is_empty() {
                    if let Some(meta) = r
                        .value
                        .as_mapping_mut()
                        .and_then(|m| m.get_mut("metadata"))
                        .and_then(Value::as_mapping_mut)
                    {
                        meta.shift_remove("namespace");
                    }
                } else {
                    r.set_namespace(&ns);
                }
            }
        }
    }
    removed.sort_unstable();
    for i in removed.into_iter().rev() {
        resources.remove(i);
    }
    Ok(())
}

fn set_top(v: &mut Value, key: &str, value: &str) {
    if let Some(m) = v.as_mapping_mut() {
        m.insert(Value::from(key), Value::from(value));
    }
}
