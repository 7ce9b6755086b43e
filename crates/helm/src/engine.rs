//! Rendering: every template of a chart and its subcharts parsed into one
//! template set (deepest paths first, so parent charts' `define`s win), then
//! each non-partial template executed with its chart's built-in objects.

pub(crate) mod convert;
mod functions;
mod goprint;
mod objects;
mod rewrite;
mod syntax;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use gotmpl::parse::ListNode;
use gotmpl::{FuncMap, Template, TemplateError};

use crate::capabilities::Capabilities;
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::values::Values;
use functions::{ERR_END, ERR_START, SetRef, SetSlot};

/// A `lookup` implementation: (apiVersion, kind, namespace, name) → object or list.
pub type Lookup = Arc<dyn Fn(&str, &str, &str, &str) -> serde_json::Value + Send + Sync>;

/// `.Release`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseOptions {
    /// Release name.
    pub name: String,
    /// Release namespace.
    pub namespace: String,
    /// Release revision (1 on install).
    pub revision: i64,
    /// Whether this render is for an install.
    pub is_install: bool,
    /// Whether this render is for an upgrade.
    pub is_upgrade: bool,
}

impl Default for ReleaseOptions {
    fn default() -> Self {
        ReleaseOptions {
            name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_install: true,
            is_upgrade: false,
        }
    }
}

impl ReleaseOptions {
    fn to_object(&self) -> gotmpl::Value {
        use convert::{object, string};
        object([
            ("Name", string(&self.name)),
            ("Namespace", string(&self.namespace)),
            ("IsUpgrade", gotmpl::Value::Bool(self.is_upgrade)),
            ("IsInstall", gotmpl::Value::Bool(self.is_install)),
            ("Revision", gotmpl::Value::Int(self.revision)),
            ("Service", string("Helm")),
        ])
    }
}

/// Renders templates. `lookup` answers the `lookup` function (empty maps when unset).
#[derive(Clone, Default)]
pub struct Engine {
    /// Answers `lookup`; `None` makes it return an empty map, as `helm template` does.
    pub lookup: Option<Lookup>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("lookup", &self.lookup.is_some())
            .finish()
    }
}

/// Parses one template source (Go's rules, our parser) and rewrites method
/// calls; returns the body and the `define`d templates. Errors read like Go's
/// (`template: <name>:<line>: <message>`).
pub(crate) fn parse_source(
    name: &str,
    src: &str,
    known: &dyn Fn(&str) -> bool,
) -> std::result::Result<(ListNode, Vec<(String, ListNode)>), String> {
    let parsed = syntax::parse(name, src, known)?;
    let mut tree = parsed.root;
    let cx = rewrite::Ctx { file: name, src };
    rewrite::rewrite(&mut tree, &cx);
    let mut out = parsed.defines;
    for (_, body) in &mut out {
        rewrite::rewrite(body, &cx);
    }
    Ok((tree, out))
}

/// Helm's order: more path segments first, then reverse lexical order.
fn parse_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
    cb.cmp(&ca).then_with(|| b.cmp(a))
}

/// `template: x:12: message` → (`x:12`, last part of the message), as Helm's
/// `cleanupParseError` reports it.
fn parse_error(name: &str, msg: &str) -> Error {
    let tokens: Vec<&str> = msg.split(": ").collect();
    if tokens.len() < 2 {
        return Error::TemplateParse {
            location: name.to_string(),
            reason: msg.to_string(),
        };
    }
    let location = tokens[1].to_string();
    let reason = tokens.last().map(|t| t.to_string()).unwrap_or_default();
    Error::TemplateParse { location, reason }
}

/// Longest execution error message kept.
const MAX_ERROR_LEN: usize = 4096;

fn exec_error(name: &str, e: &TemplateError) -> Error {
    let (location, mut msg) = functions::split_location(&e.to_string());
    // Nested tpl/include failures wrap each other: keep the start and the cause.
    if msg.len() > MAX_ERROR_LEN {
        let head = (0..=MAX_ERROR_LEN / 4)
            .rev()
            .find(|i| msg.is_char_boundary(*i))
            .unwrap_or(0);
        let tail = (msg.len() - MAX_ERROR_LEN / 2..msg.len())
            .find(|i| msg.is_char_boundary(*i))
            .unwrap_or(msg.len());
        msg = format!("{} ... {}", &msg[..head], &msg[tail..]);
    }
    let name = location.as_deref().unwrap_or(name);
    if let (Some(s), Some(end)) = (msg.find(ERR_START), msg.find(ERR_END))
        && s + ERR_START.len() <= end
    {
        return Error::TemplateExec {
            location: name.to_string(),
            reason: msg[s + ERR_START.len()..end].to_string(),
        };
    }
    Error::TemplateExec {
        location: name.to_string(),
        reason: msg,
    }
}

impl Engine {
    /// Renders every template of the chart; keys are template paths
    /// (`<chart>/templates/x.yaml`), values the rendered text. Partials are parsed
    /// but not rendered.
    pub fn render(
        &self,
        chart: &Chart,
        values: &Values,
        release: &ReleaseOptions,
        capabilities: &Capabilities,
    ) -> Result<BTreeMap<String, String>> {
        let mut renderables = Vec::new();
        objects::collect(
            chart,
            &convert::map_to_template(values),
            &release.to_object(),
            &capabilities.to_object(),
            &mut renderables,
        );
        renderables.sort_by(|a, b| parse_order(&a.name, &b.name));

        let slot: SetSlot = Arc::new(OnceLock::new());
        let mut funcs: FuncMap = crate::template_functions();
        functions::install(&mut funcs, &slot, self.lookup.clone());
        // Every function a template may call (ours and gotmpl's built-ins).
        let names: Arc<HashSet<String>> = Arc::new(
            funcs
                .keys()
                .cloned()
                .chain(GOTMPL_BUILTINS.iter().map(|s| s.to_string()))
                .collect(),
        );
        let known = |f: &str| names.contains(f);
        // The call wrapper finds functions here; kept alive for the whole render.
        let table: Arc<FuncMap> = Arc::new(funcs.clone());
        let mut set = Template::new("gotpl").funcs(funcs);
        for r in &renderables {
            let (tree, defines) =
                parse_source(&r.name, &r.source, &known).map_err(|m| parse_error(&r.name, &m))?;
            for (n, body) in defines {
                if body.is_empty_tree() && set.lookup(&n).is_some() {
                    continue;
                }
                set = set.add_parse_tree(&n, body);
            }
            if !(tree.is_empty_tree() && set.lookup(&r.name).is_some()) {
                set = set.add_parse_tree(&r.name, tree);
            }
        }
        let set = Arc::new(set);
        let _ = slot.set(SetRef {
            template: Arc::downgrade(&set),
            names: names.clone(),
            funcs: Arc::downgrade(&table),
        });

        let mut rendered = BTreeMap::new();
        for r in &renderables {
            let base = r.name.rsplit('/').next().unwrap_or(&r.name);
            if base.starts_with('_') {
                continue;
            }
            let data = objects::with_template(r);
            let out = set
                .execute_template_to_string(&r.name, &data)
                .map_err(|e| exec_error(&r.name, &e))?;
            rendered.insert(r.name.clone(), strip_no_value(out));
        }
        Ok(rendered)
    }
}

/// Helm's `strings.ReplaceAll(out, "<no value>", "")`. Most outputs have no
/// such text: a SIMD search first avoids a copy of every rendered template.
fn strip_no_value(out: String) -> String {
    const NO_VALUE: &str = "<no value>";
    if memchr::memmem::find(out.as_bytes(), NO_VALUE.as_bytes()).is_some() {
        out.replace(NO_VALUE, "")
    } else {
        out
    }
}

/// Functions `gotmpl` registers itself (Go's text/template built-ins).
pub(crate) const GOTMPL_BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "js", "len", "not", "or", "print", "printf", "println",
    "slice", "urlquery", "eq", "ne", "lt", "le", "gt", "ge",
];

pub(crate) fn gotmpl_builtin(name: &str) -> bool {
    GOTMPL_BUILTINS.contains(&name)
}
