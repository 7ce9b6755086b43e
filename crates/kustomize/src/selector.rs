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
        Some(s) => Regex::new(&format!("^(?:{})$", go_literal_braces(s)))
            .map(Some)
            .map_err(|e| {
                BuildError::config(format!("invalid regex in selector field '{field}': {e}"))
            }),
    }
}

/// Go's regexp reads a `{` that does not open a `{n}`, `{n,}` or `{n,m}`
/// repetition as a literal brace (`\${CLUSTER_NAME}`); Rust's refuses it,
/// so such braces are escaped.
pub(crate) fn go_literal_braces(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                    i += 1;
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` first in a class (after an optional `^`) is literal.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '{' if !in_class => match repeat_len(&chars[i + 1..]) {
                Some(len) => {
                    out.extend(&chars[i..=i + len]);
                    i += len;
                }
                None => out.push_str("\\{"),
            },
            '}' if !in_class => out.push_str("\\}"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// When `rest` (what follows a `{`) starts with `n}`, `n,}` or `n,m}`: the
/// length of that text.
fn repeat_len(rest: &[char]) -> Option<usize> {
    let digits = |s: &[char]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(rest);
    if n == 0 {
        return None;
    }
    match rest.get(n) {
        Some('}') => Some(n + 1),
        Some(',') => {
            let m = digits(&rest[n + 1..]);
            (rest.get(n + 1 + m) == Some(&'}')).then_some(n + m + 2)
        }
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::go_literal_braces;

    #[test]
    fn braces_that_repeat_nothing_are_literal() {
        assert_eq!(go_literal_braces(r"\${NAME}-cp"), r"\$\{NAME\}-cp");
        assert_eq!(go_literal_braces("a{2}b{1,}c{1,3}"), "a{2}b{1,}c{1,3}");
        assert_eq!(go_literal_braces("x{,2}[{}]"), r"x\{,2\}[{}]");
        for p in [r"\${NAME}", "a{", "}", "{a}{2}"] {
            let re = regex::Regex::new(&go_literal_braces(p));
            assert!(re.is_ok(), "{p}");
        }
    }
}
