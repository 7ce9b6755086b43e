//! Turning rendered templates into release content: split into documents, hooks
//! separated by their `helm.sh/hook` annotations, documents sorted in Helm's
//! install order, and printed like `helm template`.

mod kind_order;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_yaml::Value as Yaml;

use crate::error::{Error, Result};
use crate::yaml_value::{scalar_text, top_level_fast};

/// Annotation naming a document's hook events.
pub const HOOK_ANNOTATION: &str = "helm.sh/hook";
/// Annotation ordering hooks of the same event.
pub const HOOK_WEIGHT_ANNOTATION: &str = "helm.sh/hook-weight";
/// Annotation telling when to delete a hook's resources.
pub const HOOK_DELETE_ANNOTATION: &str = "helm.sh/hook-delete-policy";

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
];

/// One document of a rendered template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The template path that produced it.
    pub name: String,
    /// The document text.
    pub content: String,
    /// Its `kind` (empty when absent).
    pub kind: String,
    /// Its `metadata.name` (empty when absent).
    pub resource_name: String,
}

/// A document annotated as a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    /// `metadata.name`.
    pub name: String,
    /// `kind`.
    pub kind: String,
    /// The template path that produced it.
    pub path: String,
    /// The document text.
    pub manifest: String,
    /// Events it runs on (`pre-install`, `test`, ...).
    pub events: Vec<String>,
    /// `helm.sh/hook-weight` (0 when absent or malformed).
    pub weight: i64,
    /// `helm.sh/hook-delete-policy` entries.
    pub delete_policies: Vec<String>,
}

static SEPARATOR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?:^|\s*\n)---\s*").ok());

/// Splits a rendered template into documents, as Helm v4's `SplitManifests`:
/// the text split on `---` lines, blank pieces dropped, leading whitespace
/// trimmed. Trailing whitespace stays: the separator swallows it before a
/// `---`, so only a file's last document keeps its final line breaks (and
/// `helm template` prints them).
pub fn split_manifests(text: &str) -> Vec<String> {
    let text = text.trim_start();
    let pieces: Vec<&str> = match SEPARATOR.as_ref() {
        Some(re) => re.split(text).collect(),
        None => vec![text],
    };
    pieces
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.trim_start().to_string())
        .collect()
}

#[derive(Debug, PartialEq)]
struct Head {
    kind: String,
    name: String,
    annotations: BTreeMap<String, String>,
}

fn head(path: &str, doc: &str) -> Result<Head> {
    let err = |reason: String| Error::Manifest {
        template: path.to_string(),
        reason,
    };
    // Only `kind` and `metadata` are read: the fast reader checks the whole
    // document but builds just those (a large CRD cost a full tree). What it
    // leaves (duplicate keys, anchors, tags, odd text) is read as Helm reads
    // it, by sigs.k8s.io/yaml: a repeated key is not an error there, the
    // last one wins.
    let y = match top_level_fast(doc, &["kind", "metadata"]) {
        Some(y) => y,
        None => tree(doc).map_err(err)?,
    };
    head_of(path, y)
}

/// A document as serde_yaml reads it. Helm reads heads with
/// sigs.k8s.io/yaml, which takes the last of repeated keys where serde_yaml
/// refuses them: such a document is read by the crate's go-yaml reader.
/// Other failures are worded as Helm words them ([`go_yaml_error`]).
fn tree(doc: &str) -> std::result::Result<Yaml, String> {
    serde_yaml::from_str(doc).or_else(|e| {
        let text = e.to_string();
        if text.contains("duplicate entry with key")
            && let Ok(y) = crate::goyaml::from_yaml_as_tree(doc)
        {
            return Ok(y);
        }
        Err(go_yaml_error(&text, doc))
    })
}

/// Problems libyaml's scanner reports without a `while scanning` context.
const SCANNER_PROBLEMS: [&str; 4] = [
    "mapping values are not allowed in this context",
    "block sequence entries are not allowed in this context",
    "found character that cannot start any token",
    "found a tab character that violates indentation",
];

/// A serde_yaml (libyaml) failure, `<problem> at line L column C[, while
/// <context> at line L2 column C2]`, as go-yaml v2 words it through
/// sigs.k8s.io/yaml: the problem alone, after `line N: ` where go-yaml
/// names one (its 0-based problem line, one more for scanner errors, else
/// its context's line; none when that is 0). An alias to no anchor is
/// go-yaml's decoder's failure, not its parser's: it names the anchor and no
/// line.
pub(crate) fn go_yaml_error(serde: &str, doc: &str) -> String {
    let line_of = |s: &str| -> Option<usize> {
        let rest = s.split(" at line ").nth(1)?;
        rest.split(' ').next()?.parse().ok()
    };
    let (head, context) = match serde.split_once(", while ") {
        Some((h, c)) => (h, Some(c)),
        None => (serde, None),
    };
    let problem = head.split(" at line ").next().unwrap_or(head);
    if problem == "unknown anchor"
        && let Some(name) = alias_at(doc, head)
    {
        return format!("error converting YAML to JSON: yaml: unknown anchor '{name}' referenced");
    }
    let scanner = context.map_or_else(
        || SCANNER_PROBLEMS.contains(&problem),
        |c| c.starts_with("scanning"),
    );
    let problem_line = line_of(head).map_or(0, |l| l.saturating_sub(1));
    let line = if problem_line != 0 {
        problem_line + usize::from(scanner)
    } else {
        context.and_then(line_of).map_or(0, |l| l.saturating_sub(1))
    };
    match line {
        0 => format!("error converting YAML to JSON: yaml: {problem}"),
        n => format!("error converting YAML to JSON: yaml: line {n}: {problem}"),
    }
}

/// The name of the alias libyaml reports `at line L column C` (1-based, at
/// its `*`): the anchor characters after it, as the scanner reads them.
fn alias_at<'a>(doc: &'a str, problem: &str) -> Option<&'a str> {
    let (line, column) = problem.split(" at line ").nth(1)?.split_once(" column ")?;
    let line: usize = line.parse().ok()?;
    let column: usize = column.split(' ').next()?.parse().ok()?;
    let text = doc.lines().nth(line.checked_sub(1)?)?;
    let start = text.char_indices().nth(column.checked_sub(1)?)?.0;
    let rest = text[start..].strip_prefix('*')?;
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    Some(&rest[..len])
}

/// The JSON kind encoding/json names when it cannot unmarshal `v`.
fn json_kind(v: &Yaml) -> &'static str {
    match v {
        Yaml::Null => "null",
        Yaml::Bool(_) => "bool",
        Yaml::Number(_) => "number",
        Yaml::Sequence(_) => "array",
        Yaml::Mapping(_) => "object",
        Yaml::String(_) | Yaml::Tagged(_) => "string",
    }
}

/// A value read into a Go `string` field the way `sigs.k8s.io/yaml` reads it:
/// scalars become their text ([`scalar_text`]), null the empty string. A list
/// or map is refused: `Err` names its JSON kind.
fn go_string(v: &Yaml) -> std::result::Result<String, &'static str> {
    match v {
        Yaml::Null => Ok(String::new()),
        Yaml::Tagged(t) => go_string(&t.value),
        other => scalar_text(other).ok_or(json_kind(other)),
    }
}

/// The head of a document serde_yaml has read (`doc` or just its `kind` and
/// `metadata`).
fn head_of(path: &str, y: Yaml) -> Result<Head> {
    let err = |reason: String| Error::Manifest {
        template: path.to_string(),
        reason,
    };
    let map = match y {
        Yaml::Null => {
            return Ok(Head {
                kind: String::new(),
                name: String::new(),
                annotations: BTreeMap::new(),
            });
        }
        Yaml::Mapping(m) => m,
        other => {
            // Helm reads the head through encoding/json.
            return Err(err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} \
                 into Go value of type util.SimpleHead",
                json_kind(&other)
            )));
        }
    };
    let text = |v: Option<&Yaml>| v.and_then(|v| go_string(v).ok()).unwrap_or_default();
    let meta = map.get("metadata");
    let mut annotations = BTreeMap::new();
    if let Some(Yaml::Mapping(a)) = meta.and_then(|m| m.get("annotations")) {
        for (k, v) in a {
            let value = go_string(v).map_err(|found| {
                err(format!(
                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \
                     {found} into Go struct field .metadata.annotations of type string"
                ))
            })?;
            if let Yaml::String(k) = k {
                annotations.insert(k.clone(), value);
            }
        }
    }
    Ok(Head {
        kind: text(map.get("kind")),
        name: text(meta.and_then(|m| m.get("name"))),
        annotations,
    })
}

/// Splits rendered templates into hooks and ordinary manifests, each sorted in
/// install order (stable within a kind). Partials and blank templates are skipped.
pub fn sort_manifests(files: &BTreeMap<String, String>) -> Result<(Vec<Hook>, Vec<Manifest>)> {
    let mut hooks = Vec::new();
    let mut manifests = Vec::new();
    for (path, content) in files {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            let h = head(path, &doc)?;
            let Some(hook_types) = h.annotations.get(HOOK_ANNOTATION) else {
                manifests.push(Manifest {
                    name: path.clone(),
                    content: doc,
                    kind: h.kind,
                    resource_name: h.name,
                });
                continue;
            };
            let events: Vec<String> = hook_types
                .split(',')
                .map(|e| e.trim().to_lowercase())
                .collect();
            let events: Vec<String> = events
                .into_iter()
                .map(|e| {
                    if e == "test-success" {
                        "test".to_string()
                    } else {
                        e
                    }
                })
                .collect();
            if events.iter().any(|e| !HOOK_EVENTS.contains(&e.as_str())) {
                continue;
            }
            let weight = h
                .annotations
                .get(HOOK_WEIGHT_ANNOTATION)
                .and_then(|w| w.parse().ok())
                .unwrap_or(0);
            let delete_policies = h
                .annotations
                .get(HOOK_DELETE_ANNOTATION)
                .map(|d| d.split(',').map(|p| p.trim().to_lowercase()).collect())
                .unwrap_or_default();
            hooks.push(Hook {
                name: h.name,
                kind: h.kind,
                path: path.clone(),
                manifest: doc,
                events,
                weight,
                delete_policies,
            });
        }
    }
    hooks.sort_by(|a, b| kind_order::compare(&a.kind, &b.kind));
    manifests.sort_by(|a, b| kind_order::compare(&a.kind, &b.kind));
    Ok((hooks, manifests))
}

/// Prints documents as `helm template` does: `---\n# Source: <path>\n<doc>\n`.
pub fn print_document(out: &mut String, path: &str, doc: &str) {
    out.push_str("---\n# Source: ");
    out.push_str(path);
    out.push('\n');
    out.push_str(doc);
    out.push('\n');
}

#[cfg(test)]
mod tests;
