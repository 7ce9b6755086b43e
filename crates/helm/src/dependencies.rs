//! Dependency processing before rendering, as Helm does it: vendored subcharts
//! matched to `Chart.yaml` dependencies (name and version), aliases applied,
//! `condition`s and `tags` deciding which subcharts stay, and `import-values`
//! copied from children into the parent's values.

pub(crate) mod constraint;

use serde_json::Value;

use crate::chart::Chart;
use crate::error::Result;
use crate::values::{self, Values, coalesce_values, merge_tables, merge_values};

/// Resolves aliases, drops disabled subcharts and applies `import-values`.
pub fn process_dependencies(chart: &mut Chart, user_values: &Values) -> Result<()> {
    process_enabled(chart, user_values, "")?;
    process_import_values(chart)
}

fn process_enabled(c: &mut Chart, v: &Values, path: &str) -> Result<()> {
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let existing = std::mem::take(&mut c.dependencies);
    let matches = |req: &crate::chart::Dependency, ch: &Chart| {
        ch.name() == req.name && constraint::satisfies(&req.version, &ch.metadata.version)
    };
    let mut deps: Vec<Chart> = existing
        .iter()
        .filter(|e| !c.metadata.dependencies.iter().any(|r| matches(r, e)))
        .cloned()
        .collect();
    for req in &mut c.metadata.dependencies {
        if let Some(found) = existing.iter().find(|e| matches(req, e)) {
            let mut copy = found.clone();
            if !req.alias.is_empty() {
                copy.metadata.name = req.alias.clone();
            }
            deps.push(copy);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.dependencies = deps;
    c.set_parent_paths();
    for r in &mut c.metadata.dependencies {
        r.enabled = true;
    }
    let cvals = coalesce_values(c, v)?;
    apply_tags(c, &cvals);
    apply_conditions(c, &cvals, path);
    let removed: Vec<String> = c
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.dependencies
        .retain(|d| !removed.iter().any(|n| n == d.name()));
    c.metadata
        .dependencies
        .retain(|r| !removed.contains(&r.name));
    for sub in &mut c.dependencies {
        let subpath = format!("{path}{}.", sub.name());
        process_enabled(sub, &cvals, &subpath)?;
    }
    c.set_parent_paths();
    Ok(())
}

fn apply_tags(c: &mut Chart, cvals: &Values) {
    let Some(Value::Object(tags)) = cvals.get("tags") else {
        return;
    };
    for r in &mut c.metadata.dependencies {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            match tags.get(k) {
                Some(Value::Bool(true)) => has_true = true,
                Some(Value::Bool(false)) => has_false = true,
                _ => {}
            }
        }
        r.enabled = has_true || !has_false;
    }
}

fn apply_conditions(c: &mut Chart, cvals: &Values, path: &str) {
    for r in &mut c.metadata.dependencies {
        for cond in r.condition.trim().split(',') {
            if cond.is_empty() {
                continue;
            }
            if let Some(Value::Bool(b)) = values::path_value(cvals, &format!("{path}{cond}")) {
                r.enabled = *b;
                break;
            }
        }
    }
}

fn process_import_values(c: &mut Chart) -> Result<()> {
    for sub in &mut c.dependencies {
        process_import_values(sub)?;
    }
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals = merge_values(c, &Values::new())?;
    let mut imported = Values::new();
    for r in &mut c.metadata.dependencies {
        let mut normalized = Vec::new();
        for iv in &r.import_values {
            let (child, parent) = match iv {
                Value::Object(m) => (go_string(m.get("child")), go_string(m.get("parent"))),
                Value::String(s) => (format!("exports.{s}"), ".".to_string()),
                _ => continue,
            };
            normalized.push(serde_json::json!({"child": child, "parent": parent}));
            let Some(table) = values::table(&cvals, &format!("{}.{child}", r.name)) else {
                continue;
            };
            merge_tables(&mut imported, path_to_map(&parent, table.clone()));
        }
        r.import_values = normalized;
    }
    let mut merged = cvals;
    merge_tables(&mut merged, imported);
    c.values = merged;
    Ok(())
}

/// `fmt.Sprintf("%v", x)` for the scalars an import-values entry may hold.
fn go_string(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "<nil>".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn path_to_map(path: &str, data: Values) -> Values {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for part in path.split('.').rev() {
        let mut m = Values::new();
        m.insert(part.to_string(), Value::Object(cur));
        cur = m;
    }
    cur
}
