//! Legacy `vars`: `$(NAME)` references in var-reference fields are replaced
//! by a field of a named object.

use serde_yaml::Value;

use crate::config::{TransformerConfig, apply as walk};
use crate::error::BuildError;
use crate::resource::Resource;
use crate::yaml;

struct Var {
    name: String,
    value: Value,
}

struct VarDecl {
    name: String,
    kind: String,
    api: String,
    object: String,
    namespace: String,
    field: String,
}

fn decl(v: &Value) -> VarDecl {
    let obj = yaml::get_ci(v, "objref").cloned().unwrap_or(Value::Null);
    let s = |k: &str| {
        yaml::get_ci(&obj, k)
            .and_then(yaml::scalar_string)
            .unwrap_or_default()
    };
    let api = if s("apiVersion").is_empty() {
        let (g, v) = (s("group"), s("version"));
        if g.is_empty() { v } else { format!("{g}/{v}") }
    } else {
        s("apiVersion")
    };
    VarDecl {
        name: yaml::get_ci(v, "name")
            .and_then(yaml::scalar_string)
            .unwrap_or_default(),
        kind: s("kind"),
        api,
        object: s("name"),
        namespace: s("namespace"),
        field: yaml::get_ci(v, "fieldref")
            .and_then(|f| yaml::get_ci(f, "fieldPath"))
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
            .unwrap_or("metadata.name")
            .to_string(),
    }
}

/// Binds vars declared by one kustomization to the one resource (among those
/// accumulated so far) they name, as kustomize does when it merges vars.
pub(crate) fn bind(resources: &mut [Resource], vars: &[Value]) -> Result<(), BuildError> {
    for v in vars {
        let d = decl(v);
        let want = crate::resid::Gvk::new(&d.api, &d.kind);
        let hits: Vec<usize> = resources
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.all_ids().iter().any(|id| {
                    id.name == d.object
                        && id.gvk.is_selected(&want)
                        && (d.namespace.is_empty()
                            || id.effective_namespace() == d.namespace
                            || id.namespace == d.namespace)
                })
            })
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [i] => resources[*i].ref_vars.push(d.name.clone()),
            [] => {}
            _ => {
                return Err(BuildError::config(format!(
                    "found {} resId matches for var '{}' (unable to disambiguate)",
                    hits.len(),
                    d.name
                )));
            }
        }
    }
    Ok(())
}

fn resolve_var(v: &Value, resources: &[Resource]) -> Result<Var, BuildError> {
    let d = decl(v);
    let name = d.name.clone();
    let matches: Vec<&Resource> = resources
        .iter()
        .filter(|r| r.ref_vars.contains(&d.name))
        .collect();
    let r = match matches.as_slice() {
        [r] => *r,
        [] => {
            return Err(BuildError::config(format!(
                "var '{name}' cannot be mapped to a field in the set of known resources"
            )));
        }
        _ => {
            return Err(BuildError::config(format!(
                "found {} resId matches for var '{name}' (unable to disambiguate)",
                matches.len()
            )));
        }
    };
    let field = d.field;
    let value = field_value(&r.value, &field).ok_or_else(|| {
        BuildError::config(format!(
            "field specified in var '{name}' not found in corresponding resource"
        ))
    })?;
    Ok(Var { name, value })
}

/// Reads a dotted field path with optional `[index]` parts.
fn field_value(v: &Value, path: &str) -> Option<Value> {
    let mut cur = v;
    for part in split_dotted(path) {
        if let Some((field, idx)) = part.strip_suffix(']').and_then(|p| p.split_once('[')) {
            if !field.is_empty() {
                cur = yaml::get(cur, field)?;
            }
            let i: usize = idx.parse().ok()?;
            cur = cur.as_sequence()?.get(i)?;
        } else {
            cur = yaml::get(cur, &part)?;
        }
    }
    Some(cur.clone())
}

fn split_dotted(path: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

/// Replaces `$(VAR)` in every var-reference field.
pub fn resolve(
    resources: &mut [Resource],
    vars: &[Value],
    config: &TransformerConfig,
) -> Result<(), BuildError> {
    if vars.is_empty() {
        return Ok(());
    }
    let resolved: Vec<Var> = vars
        .iter()
        .map(|v| resolve_var(v, resources))
        .collect::<Result<_, _>>()?;
    for r in resources.iter_mut() {
        let gvk = r.gvk();
        for spec in &config.var_reference {
            walk(&mut r.value, &gvk, spec, None, &mut |node| {
                substitute(node, &resolved);
                Ok(())
            })?;
        }
    }
    Ok(())
}

fn substitute(node: &mut Value, vars: &[Var]) {
    match node {
        Value::String(s) => {
            if let Some(v) = expand(s, vars) {
                *node = v;
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| substitute(i, vars)),
        Value::Mapping(m) => m.iter_mut().for_each(|(_, v)| substitute(v, vars)),
        _ => {}
    }
}

/// Kubernetes' `$(VAR)` expansion as kustomize uses it: `$$` is an escaped
/// `$`, unknown names stay as written, and a string that is exactly one
/// reference takes the variable's value with its type. `None` when nothing
/// changes.
fn expand(input: &str, vars: &[Var]) -> Option<Value> {
    if !input.contains('$') {
        return None;
    }
    let lookup = |name: &str| vars.iter().find(|v| v.name == name).map(|v| &v.value);
    let b = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let (mut checkpoint, mut cursor) = (0, 0);
    while cursor < b.len() {
        if b[cursor] == b'$' && cursor + 1 < b.len() {
            out.push_str(&input[checkpoint..cursor]);
            let rest = &input[cursor + 1..];
            let advance = match rest.as_bytes()[0] {
                b'$' => {
                    out.push('$');
                    1
                }
                b'(' => match rest.find(')') {
                    Some(close) => {
                        let name = &rest[1..close];
                        match lookup(name)
                            .filter(|v| !v.is_mapping() && !v.is_sequence() && !v.is_null())
                        {
                            Some(v) if input.len() == name.len() + 3 => return Some(v.clone()),
                            Some(v) => out.push_str(&yaml::scalar_string(v).unwrap_or_default()),
                            None => {
                                out.push_str("$(");
                                out.push_str(name);
                                out.push(')');
                            }
                        }
                        close + 1
                    }
                    None => {
                        out.push_str("$(");
                        1
                    }
                },
                _ => {
                    out.push('$');
                    let c = rest.chars().next().unwrap_or_default();
                    out.push(c);
                    c.len_utf8()
                }
            };
            cursor += advance;
            checkpoint = cursor + 1;
        }
        cursor += 1;
    }
    out.push_str(input.get(checkpoint..).unwrap_or_default());
    (out != input).then_some(Value::String(out))
}
