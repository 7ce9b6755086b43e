//! Target selectors of patches and replacements: gvk, name and namespace as
//! anchored regular expressions, plus label and annotation selectors.

use regex::Regex;
use serde_yaml::Value;

use crate::error::BuildError;
use crate::resource::Resource;
use crate::yaml;

/// A compiled `target:` selector.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    group: Option<Regex>,
    version: Option<Regex>,
    kind: Option<Regex>,
    name: Option<Regex>,
    namespace: Option<Regex>,
    labels: Option<String>,
    annotations: Option<String>,
}

fn anchored(field: &str, v: Option<&str>) -> Result<Option<Regex>, BuildError> {
    match v.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Regex::new(&format!("^(?:{s})$")).map(Some).map_err(|e| {
            BuildError::config(format!("invalid regex in selector field '{field}': {e}"))
        }),
    }
}

impl Selector {
    /// Compiles a selector from its YAML form.
    pub fn from_value(v: &Value) -> Result<Self, BuildError> {
        let s = |k: &str| yaml::get(v, k).and_then(yaml::scalar_string);
        Ok(Selector {
            group: anchored("group", s("group").as_deref())?,
            version: anchored("version", s("version").as_deref())?,
            kind: anchored("kind", s("kind").as_deref())?,
            name: anchored("name", s("name").as_deref())?,
            namespace: anchored("namespace", s("namespace").as_deref())?,
            labels: s("labelSelector").filter(|x| !x.is_empty()),
            annotations: s("annotationSelector").filter(|x| !x.is_empty()),
        })
    }

    /// True when the resource is selected (original or current name and namespace).
    pub fn matches(&self, r: &Resource) -> Result<bool, BuildError> {
        let (org, cur) = (r.org_id(), r.cur_id());
        let m = |re: &Option<Regex>, a: &str, b: &str| {
            re.as_ref()
                .is_none_or(|re| re.is_match(a) || re.is_match(b))
        };
        if !m(
            &self.namespace,
            org.effective_namespace(),
            cur.effective_namespace(),
        ) {
            return Ok(false);
        }
        if !m(&self.name, &org.name, &cur.name) {
            return Ok(false);
        }
        let gvk = &cur.gvk;
        let one = |re: &Option<Regex>, a: &str| re.as_ref().is_none_or(|re| re.is_match(a));
        if !(one(&self.group, &gvk.group)
            && one(&self.version, &gvk.version)
            && one(&self.kind, &gvk.kind))
        {
            return Ok(false);
        }
        if let Some(sel) = &self.labels
            && !label_selector_matches(sel, &r.labels())?
        {
            return Ok(false);
        }
        if let Some(sel) = &self.annotations
            && !label_selector_matches(sel, &r.annotations())?
        {
            return Ok(false);
        }
        Ok(true)
    }
}

/// Evaluates a Kubernetes label selector string (`a=b,c!=d,e in (x,y),!f,g`).
pub fn label_selector_matches(sel: &str, labels: &[(String, String)]) -> Result<bool, BuildError> {
    let get = |k: &str| {
        labels
            .iter()
            .find(|(lk, _)| lk == k)
            .map(|(_, v)| v.as_str())
    };
    for req in split_requirements(sel) {
        let req = req.trim();
        if req.is_empty() {
            continue;
        }
        let ok = if let Some(k) = req.strip_prefix('!') {
            get(k.trim()).is_none()
        } else if let Some((k, rest)) = split_set_op(req, " notin ") {
            get(k).is_none_or(|v| !rest.contains(&v.to_string()))
        } else if let Some((k, rest)) = split_set_op(req, " in ") {
            get(k).is_some_and(|v| rest.contains(&v.to_string()))
        } else if let Some((k, v)) = req.split_once("!=") {
            get(k.trim()) != Some(v.trim())
        } else if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
            get(k.trim()) == Some(v.trim())
        } else {
            get(req).is_some()
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn split_requirements(sel: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in sel.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
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

fn split_set_op<'a>(req: &'a str, op: &str) -> Option<(&'a str, Vec<String>)> {
    let (k, rest) = req.split_once(op)?;
    let rest = rest.trim().trim_start_matches('(').trim_end_matches(')');
    Some((
        k.trim(),
        rest.split(',').map(|s| s.trim().to_string()).collect(),
    ))
}
