//! The replacement filter: source selection, value refinement by delimiter,
//! target selection (select/reject) and writing through field paths.

use serde_yaml::{Mapping, Value};

use crate::error::BuildError;
use crate::resid::{Gvk, ResId};
use crate::resource::Resource;
use crate::selector::label_selector_matches;
use crate::yaml;

struct IdSelector {
    gvk: Gvk,
    name: String,
    namespace: String,
    labels: String,
    annotations: String,
}

impl IdSelector {
    fn from_value(v: &Value) -> Self {
        let s = |k: &str| {
            yaml::get(v, k)
                .and_then(yaml::scalar_string)
                .unwrap_or_default()
        };
        IdSelector {
            gvk: Gvk {
                group: s("group"),
                version: s("version"),
                kind: s("kind"),
            },
            name: s("name"),
            namespace: s("namespace"),
            labels: s("labelSelector"),
            annotations: s("annotationSelector"),
        }
    }

    fn id_is_empty(&self) -> bool {
        self.gvk == Gvk::default() && self.name.is_empty() && self.namespace.is_empty()
    }

    fn selects_id(&self, id: &ResId) -> bool {
        let sel_ns = ResId {
            gvk: id.gvk.clone(),
            name: String::new(),
            namespace: self.namespace.clone(),
        };
        (self.name.is_empty() || self.name == id.name)
            && (self.namespace.is_empty() || sel_ns.ns_equals(id))
            && id.gvk.is_selected(&self.gvk)
    }

    fn meta_matches(&self, r: &Resource) -> Result<bool, BuildError> {
        Ok(
            (self.labels.is_empty() || label_selector_matches(&self.labels, &r.labels())?)
                && (self.annotations.is_empty()
                    || label_selector_matches(&self.annotations, &r.annotations())?),
        )
    }

    fn describe(&self) -> String {
        let or = |s: &str, none: &'static str| {
            if s.is_empty() {
                none.to_string()
            } else {
                s.to_string()
            }
        };
        format!(
            "{}.{}.{}/{}.{}",
            self.gvk.kind,
            or(&self.gvk.version, "[noVer]"),
            or(&self.gvk.group, "[noGrp]"),
            or(&self.name, "[noName]"),
            or(&self.namespace, "[noNs]"),
        )
    }
}

struct Options {
    delimiter: String,
    index: i64,
    create: bool,
}

fn options(v: Option<&Value>) -> Options {
    let v = v.cloned().unwrap_or(Value::Null);
    Options {
        delimiter: yaml::get(&v, "delimiter")
            .and_then(yaml::scalar_string)
            .unwrap_or_default(),
        index: yaml::get(&v, "index").and_then(Value::as_i64).unwrap_or(0),
        create: yaml::get(&v, "create")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

/// Splits a replacement field path on `.` as kustomize does: one leading
/// `.` is dropped, `\.` is a literal dot, and a `[...]` group holding dots
/// stays whole (without its brackets unless it is a `[name=value]` match).
pub(crate) fn split_path(path: &str) -> Vec<String> {
    let mut raw: Vec<&str> = path.split('.').collect();
    if raw.len() > 1 && raw[0].is_empty() {
        raw.remove(0);
    }
    let mut escaped: Vec<String> = Vec::with_capacity(raw.len());
    for part in raw {
        match escaped.last_mut() {
            Some(last) if last.ends_with('\\') => {
                last.pop();
                last.push('.');
                last.push_str(part);
            }
            _ => escaped.push(part.to_string()),
        }
    }
    let mut out = Vec::with_capacity(escaped.len());
    let mut parts = escaped.into_iter();
    while let Some(part) = parts.next() {
        if !part.starts_with('[') || part.ends_with(']') {
            out.push(part);
            continue;
        }
        let mut group = part;
        for next in parts.by_ref() {
            group.push('.');
            group.push_str(&next);
            if next.ends_with(']') {
                break;
            }
        }
        if group.contains('=') {
            out.push(group);
        } else {
            out.push(group.trim_matches(|c| c == '[' || c == ']').to_string());
        }
    }
    out
}

/// The path a source lookup walks: blank parts are skipped.
fn lookup_path(path: &str) -> Vec<String> {
    split_path(path)
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

pub(super) fn apply_one(resources: &mut [Resource], r: &Value) -> Result<(), BuildError> {
    let (Some(source), Some(targets)) = (yaml::get(r, "source"), yaml::get(r, "targets")) else {
        return Err(BuildError::config(
            "replacements must specify a source and at least one target",
        ));
    };
    let value = source_value(resources, source)?;
    for t in targets.as_sequence().cloned().unwrap_or_default() {
        let Some(select) = yaml::get(&t, "select") else {
            return Err(BuildError::config(
                "target must specify resources to select",
            ));
        };
        let select = IdSelector::from_value(select);
        let rejects: Vec<IdSelector> = yaml::get(&t, "reject")
            .and_then(Value::as_sequence)
            .map(|l| l.iter().map(IdSelector::from_value).collect())
            .unwrap_or_default();
        let mut paths: Vec<String> = yaml::get(&t, "fieldPaths")
            .and_then(Value::as_sequence)
            .map(|l| l.iter().filter_map(yaml::scalar_string).collect())
            .unwrap_or_default();
        if paths.is_empty() {
            paths.push("metadata.name".into());
        }
        let opts = options(yaml::get(&t, "options"));
        for res in resources.iter_mut() {
            if !select.meta_matches(res)? {
                continue;
            }
            let mut rejected = false;
            for rej in &rejects {
                if (!rej.labels.is_empty() || !rej.annotations.is_empty())
                    && rej.meta_matches(res)?
                {
                    rejected = true;
                }
            }
            if rejected {
                continue;
            }
            let ids = res.all_ids();
            let hit = ids.iter().any(|id| select.selects_id(id));
            let reject_id = rejects
                .iter()
                .any(|rej| !rej.id_is_empty() && ids.iter().any(|id| rej.selects_id(id)));
            if !hit || reject_id {
                continue;
            }
            for fp in &paths {
                copy_to(&mut res.value, &split_path(fp), &value, &opts, fp)?;
            }
        }
    }
    Ok(())
}

fn source_value(resources: &[Resource], source: &Value) -> Result<Value, BuildError> {
    let sel = IdSelector::from_value(source);
    let mut found: Option<&Resource> = None;
    for r in resources {
        if r.all_ids().iter().any(|id| sel.selects_id(id)) {
            if found.is_some() {
                return Err(BuildError::config(format!(
                    "multiple matches for selector {}",
                    sel.describe()
                )));
            }
            found = Some(r);
        }
    }
    let fp = yaml::str_at(source, &["fieldPath"]).unwrap_or("metadata.name");
    let Some(r) = found else {
        return Err(BuildError::config(format!(
            "nothing selected by {}:{fp}",
            sel.describe()
        )));
    };
    let parts = lookup_path(fp);
    let mut v = r.value.clone();
    let mut got: Option<Value> = None;
    visit(&mut v, &parts, false, &mut |n| {
        if got.is_none() {
            got = Some(n.clone());
        }
        Ok(())
    })
    .map_err(|e| match e {
        BuildError::Config(msg) => {
            BuildError::config(format!("error looking up replacement source: {msg}"))
        }
        e => e,
    })?;
    let missing = || {
        BuildError::config(format!(
            "fieldPath `{fp}` is missing for replacement source {}",
            sel.describe()
        ))
    };
    let got = got.ok_or_else(missing)?;
    if got.is_null()
        || got.as_mapping().is_some_and(Mapping::is_empty)
        || got.as_sequence().is_some_and(Vec::is_empty)
    {
        return Err(missing());
    }
    let opts = options(yaml::get(source, "options"));
    if opts.delimiter.is_empty() {
        return Ok(got);
    }
    let text = yaml::scalar_string(&got)
        .ok_or_else(|| BuildError::config("delimiter option can only be used with scalar nodes"))?;
    let parts: Vec<&str> = text.split(opts.delimiter.as_str()).collect();
    if opts.index < 0 || opts.index as usize >= parts.len() {
        return Err(BuildError::config(format!(
            "options.index {} is out of bounds for value {text}",
            opts.index
        )));
    }
    Ok(Value::from(parts[opts.index as usize]))
}

fn copy_to(
    target: &mut Value,
    parts: &[String],
    value: &Value,
    opts: &Options,
    fp: &str,
) -> Result<(), BuildError> {
    let what = if opts.create {
        "find or create"
    } else {
        "find"
    };
    let not_found = || format!("unable to {what} field \"{fp}\" in replacement target");
    if parts.iter().any(String::is_empty) {
        return Err(BuildError::config(not_found()));
    }
    let mut count = 0;
    visit(target, parts, opts.create, &mut |node| {
        count += 1;
        set_field(node, value, opts)
    })
    .map_err(|e| match e {
        BuildError::Config(msg) if !msg.starts_with("unable to") && count == 0 => {
            BuildError::config(format!("{}: {msg}", not_found()))
        }
        e => e,
    })?;
    if count == 0 {
        return Err(BuildError::config(not_found()));
    }
    Ok(())
}

fn set_field(node: &mut Value, value: &Value, opts: &Options) -> Result<(), BuildError> {
    let mut value = value.clone();
    if !opts.delimiter.is_empty() {
        let Some(cur) =
            yaml::scalar_string(node).filter(|_| !node.is_mapping() && !node.is_sequence())
        else {
            return Err(BuildError::config(
                "delimiter option can only be used with scalar nodes",
            ));
        };
        let mut parts: Vec<String> = cur
            .split(opts.delimiter.as_str())
            .map(String::from)
            .collect();
        let v = yaml::scalar_string(&value).unwrap_or_default();
        if opts.index < 0 {
            parts.insert(0, v);
        } else if opts.index as usize >= parts.len() {
            parts.push(v);
        } else {
            parts[opts.index as usize] = v;
        }
        value = Value::from(parts.join(&opts.delimiter));
    }
    let scalar = |v: &Value| !v.is_mapping() && !v.is_sequence();
    if scalar(node) && scalar(&value) {
        // A created (null) field takes the text untagged, so it reads back
        // as whatever type the text spells.
        let text = yaml::scalar_string(&value).unwrap_or_default();
        *node = if node.is_string() {
            Value::from(text)
        } else {
            resolve_plain(&text)
        };
    } else {
        *node = value;
    }
    Ok(())
}

/// Reads text as an untagged plain YAML scalar would be read.
fn resolve_plain(text: &str) -> Value {
    match yaml::parse_stream(text, "<replacement>").map(|d| d.into_iter().next()) {
        Ok(Some(v)) if !v.is_mapping() && !v.is_sequence() => v,
        _ => Value::from(text),
    }
}

fn visit<F>(node: &mut Value, parts: &[String], create: bool, f: &mut F) -> Result<(), BuildError>
where
    F: FnMut(&mut Value) -> Result<(), BuildError>,
{
    let Some((head, rest)) = parts.split_first() else {
        return f(node);
    };
    if node.is_null() && create {
        *node = if head.starts_with('[') || head.parse::<usize>().is_ok() {
            Value::Sequence(Vec::new())
        } else {
            Value::Mapping(Mapping::new())
        };
    }
    if let Some(inner) = head.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let Some((k, v)) = inner.split_once('=') else {
            return Err(BuildError::config(
                "list path element must contain fieldName=fieldValue for element to match",
            ));
        };
        let Some(seq) = node.as_sequence_mut() else {
            return Ok(());
        };
        let mut matched = false;
        for item in seq.iter_mut() {
            if yaml::get(item, k).and_then(yaml::scalar_string).as_deref() == Some(v) {
                matched = true;
                visit(item, rest, create, f)?;
            }
        }
        if !matched && create {
            let mut m = Mapping::new();
            m.insert(Value::from(k), Value::from(v));
            seq.push(Value::Mapping(m));
            if let Some(last) = seq.last_mut() {
                visit(last, rest, create, f)?;
            }
        }
        return Ok(());
    }
    match node {
        Value::Sequence(seq) => {
            if head == "*" {
                for item in seq.iter_mut() {
                    visit(item, rest, create, f)?;
                }
                return Ok(());
            }
            if let Ok(i) = head.parse::<usize>() {
                if i < seq.len() {
                    return visit(&mut seq[i], rest, create, f);
                }
                if i == seq.len() && create {
                    seq.push(Value::Null);
                    if let Some(last) = seq.last_mut() {
                        return visit(last, rest, create, f);
                    }
                }
                if create {
                    return Err(BuildError::config(format!(
                        "index {i} specified but only {} elements found",
                        seq.len()
                    )));
                }
            }
            Ok(())
        }
        Value::Mapping(m) => {
            if head == "*" {
                for (_, v) in m.iter_mut() {
                    visit(v, rest, create, f)?;
                }
                return Ok(());
            }
            if !m.contains_key(head.as_str()) {
                if !create {
                    return Ok(());
                }
                m.insert(Value::from(head.as_str()), Value::Null);
            }
            match m.get_mut(head.as_str()) {
                Some(child) => visit(child, rest, create, f),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}
