//! Name-reference fixing: after names changed (prefix, suffix, hash,
//! namespace), every field that names another resource is updated to the
//! referred resource's current name.

use serde_yaml::Value;

use crate::config::{FieldSpec, TransformerConfig, apply};
use crate::error::BuildError;
use crate::resid::{Gvk, ResId};
use crate::resource::Resource;
use crate::yaml;

/// Rewrites references in all resources.
pub fn fix_back_references(
    resources: &mut [Resource],
    config: &TransformerConfig,
) -> Result<(), BuildError> {
    let snapshot: Vec<Resource> = resources.to_vec();
    let ids: Vec<ResId> = snapshot.iter().map(Resource::cur_id).collect();
    for (i, res) in resources.iter_mut().enumerate() {
        let referrer = &snapshot[i];
        let org = referrer.org_id();
        // Only computed when the referrer has a field to fix.
        let candidates: std::cell::OnceCell<Vec<&Resource>> = std::cell::OnceCell::new();
        let lazy = Lazy {
            referrer,
            all: &snapshot,
            ids: &ids,
            cell: &candidates,
        };
        for backref in &config.name_reference {
            for spec in &backref.referrers {
                if !org.gvk.is_selected(&spec.gvk) {
                    continue;
                }
                // Selected by the original gvk above, so the walk itself must
                // not filter again: pass the spec's own gvk as the object's.
                let f = Fixer {
                    referrer,
                    target: &backref.referral,
                    candidates: &lazy,
                    spec,
                };
                apply(&mut res.value, &spec.gvk, spec, None, &mut |node| {
                    f.set(node)
                })
                .map_err(|e| {
                    BuildError::config(format!(
                        "updating name reference in '{}' field of '{}': {e}",
                        spec.path_text,
                        referrer.cur_id()
                    ))
                })?;
            }
        }
    }
    Ok(())
}

/// The candidates of one referrer, computed on first use.
struct Lazy<'a> {
    referrer: &'a Resource,
    all: &'a [Resource],
    ids: &'a [ResId],
    cell: &'a std::cell::OnceCell<Vec<&'a Resource>>,
}

impl<'a> Lazy<'a> {
    fn get(&self) -> Result<&Vec<&'a Resource>, BuildError> {
        if let Some(v) = self.cell.get() {
            return Ok(v);
        }
        let v = candidates_for(self.referrer, self.all, self.ids)?;
        Ok(self.cell.get_or_init(|| v))
    }
}

fn candidates_for<'a>(
    referrer: &Resource,
    all: &'a [Resource],
    ids: &[ResId],
) -> Result<Vec<&'a Resource>, BuildError> {
    let rid = referrer.cur_id();
    if rid.gvk.is_cluster_scoped() {
        return Ok(all.iter().collect());
    }
    let rb_namespaces = role_binding_namespaces(referrer)?;
    Ok(all
        .iter()
        .zip(ids)
        .filter(|(r, id)| {
            id.gvk.is_cluster_scoped()
                || id.ns_equals(&rid)
                || rb_namespaces.iter().any(|n| n == r.namespace())
        })
        .map(|(r, _)| r)
        .collect())
}

/// Namespaces named by a (Cluster)RoleBinding's ServiceAccount subjects; a
/// subject whose `namespace` is present but blank is an error, as in kustomize.
fn role_binding_namespaces(r: &Resource) -> Result<Vec<String>, BuildError> {
    if r.kind() != "RoleBinding" && r.kind() != "ClusterRoleBinding" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for s in yaml::get(&r.value, "subjects")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        if yaml::str_at(s, &["kind"]) != Some("ServiceAccount") {
            continue;
        }
        match yaml::get(s, "namespace") {
            None => {}
            Some(v) => match yaml::scalar_string(v).filter(|n| !n.is_empty()) {
                Some(ns) => out.push(ns),
                None => {
                    return Err(BuildError::config(format!(
                        "Invalid Input: namespace is blank for resource \"{}\"",
                        r.cur_id()
                    )));
                }
            },
        }
    }
    Ok(out)
}

struct Fixer<'f, 'a> {
    referrer: &'a Resource,
    target: &'f Gvk,
    candidates: &'f Lazy<'a>,
    spec: &'f FieldSpec,
}

impl<'a> Fixer<'_, 'a> {
    /// Candidates that ever had the name `old` (the first, cheapest sieve).
    fn named(&self, old: &str) -> Result<Vec<&'a Resource>, BuildError> {
        Ok(self
            .candidates
            .get()?
            .iter()
            .copied()
            .filter(|r| r.prev_ids.iter().any(|id| id.name == old))
            .collect())
    }

    fn set(&self, node: &mut Value) -> Result<(), BuildError> {
        match node {
            Value::Null => Ok(()),
            Value::String(_) | Value::Number(_) | Value::Bool(_) => self.set_scalar(node),
            Value::Mapping(_) => self.set_mapping(node),
            Value::Sequence(items) => {
                for item in items {
                    match item {
                        Value::Null => {}
                        Value::Mapping(_) => self.set_mapping(item)?,
                        Value::Sequence(_) => {
                            return Err(BuildError::config(
                                "expected either a string or a map of string",
                            ));
                        }
                        _ => self.set_scalar(item)?,
                    }
                }
                Ok(())
            }
            Value::Tagged(t) => self.set(&mut t.value),
        }
    }

    fn set_scalar(&self, node: &mut Value) -> Result<(), BuildError> {
        let old = yaml::scalar_string(node).unwrap_or_default();
        let cands = self.named(&old)?;
        let Some(referral) = self.select(&old, cands, false)? else {
            return Ok(());
        };
        if referral.name() != old {
            *node = Value::from(referral.name());
        }
        Ok(())
    }

    fn set_mapping(&self, node: &mut Value) -> Result<(), BuildError> {
        let Some(name) = yaml::get(node, "name") else {
            return Err(BuildError::config(
                "path config error; no 'name' field in node",
            ));
        };
        let old = yaml::scalar_string(name).unwrap_or_default();
        let all = self.candidates.get()?;
        let cands: Vec<&Resource> = match yaml::get(node, "namespace").and_then(yaml::scalar_string)
        {
            None => self.named(&old)?,
            Some(ns) => {
                let by_org: Vec<&Resource> = all
                    .iter()
                    .copied()
                    .filter(|r| r.org_id().effective_namespace() == ns)
                    .collect();
                if by_org.is_empty() {
                    all.iter()
                        .copied()
                        .filter(|r| r.cur_id().effective_namespace() == ns)
                        .collect()
                } else {
                    by_org
                }
            }
        };
        let Some(referral) = self.select(&old, cands, true)? else {
            return Ok(());
        };
        if referral.name() == old && referral.namespace().is_empty() {
            return Ok(());
        }
        let Some(m) = node.as_mapping_mut() else {
            return Ok(());
        };
        m.insert(Value::from("name"), Value::from(referral.name()));
        if !referral.namespace().is_empty() {
            m.insert(Value::from("namespace"), Value::from(referral.namespace()));
        }
        Ok(())
    }

    fn select<'r>(
        &self,
        old: &str,
        cands: Vec<&'r Resource>,
        with_ns: bool,
    ) -> Result<Option<&'r Resource>, BuildError> {
        let referrer_id = self.referrer.cur_id();
        let role_ref = self.role_ref_gvk();
        let mut c: Vec<&Resource> = cands
            .into_iter()
            .filter(|r| r.prev_ids.iter().any(|id| id.name == old))
            .filter(|r| r.prev_ids.iter().any(|id| id.gvk.is_selected(self.target)))
            .filter(|r| {
                role_ref
                    .as_ref()
                    .is_none_or(|g| r.prev_ids.iter().any(|id| id.gvk.is_selected(g)))
            })
            .filter(|r| same_namespace(&referrer_id, r))
            .collect();
        if c.len() == 1 {
            return Ok(c.pop());
        }
        c.retain(|r| r.prefixes_suffixes_equal(self.referrer, true));
        if c.len() > 1 {
            c.retain(|r| r.prefixes_suffixes_equal(self.referrer, false));
        }
        match c.len() {
            0 => Ok(None),
            1 => Ok(c.pop()),
            _ => {
                let first = c[0];
                let same = c.iter().all(|r| {
                    r.name() == first.name() && (!with_ns || r.namespace() == first.namespace())
                });
                if same {
                    Ok(Some(first))
                } else {
                    let ids: Vec<String> = c.iter().map(|r| r.cur_id().to_string()).collect();
                    Err(BuildError::config(format!(
                        "found multiple possible referrals: {}",
                        ids.join(", ")
                    )))
                }
            }
        }
    }

    fn role_ref_gvk(&self) -> Option<Gvk> {
        if !self.spec.path_text.ends_with("roleRef/name") {
            return None;
        }
        let rr = yaml::get(&self.referrer.value, "roleRef")?;
        Some(Gvk {
            group: yaml::str_at(rr, &["apiGroup"])?.to_string(),
            version: String::new(),
            kind: yaml::str_at(rr, &["kind"])?.to_string(),
        })
    }
}

fn same_namespace(referrer: &ResId, r: &Resource) -> bool {
    if referrer.gvk.is_cluster_scoped() {
        return true;
    }
    let id = r.cur_id();
    id.gvk.is_cluster_scoped() || r.kind() == "ServiceAccount" || referrer.ns_equals(&id)
}
