//! Rendering: every template of a chart and its subcharts parsed into one
//! template set (deepest paths first, so parent charts' `define`s win), then
//! each non-partial template executed with its chart's built-in objects.

mod ast;
pub(crate) mod convert;
mod exec;
pub(crate) mod goprint;
mod methods;
mod objects;
mod rewrite;
mod syntax;
pub mod value;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::{Arc, LazyLock};

use ast::{Builtin, Callee, EngineFn, Ident, ListNode};

use crate::capabilities::Capabilities;
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::funcs::FuncMap;
use crate::values::Values;

/// Markers around messages of `fail` and `required`, as Helm uses them to find
/// the user's message inside wrapped errors.
pub(crate) const ERR_START: &str = "HELM_ERR_START";
/// See [`ERR_START`].
pub(crate) const ERR_END: &str = "HELM_ERR_END";

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
    fn to_object(&self) -> value::Value {
        use convert::{object, string};
        object([
            ("Name", string(&self.name)),
            ("Namespace", string(&self.namespace)),
            ("IsUpgrade", value::Value::Bool(self.is_upgrade)),
            ("IsInstall", value::Value::Bool(self.is_install)),
            ("Revision", value::Value::Int(self.revision)),
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

/// Parses one template source (Go's rules, our parser; method calls
/// rewritten); returns the body and the `define`d templates. Errors read
/// like Go's (`template: <name>:<line>: <message>`).
pub(crate) fn parse_source(
    name: &str,
    src: &str,
    resolve: syntax::Resolve<'_>,
) -> std::result::Result<(ListNode, Vec<(String, ListNode)>), String> {
    let parsed = syntax::parse(name, src, resolve)?;
    Ok((parsed.root, parsed.defines))
}

/// Sorts templates in Helm's order: more path segments first, then reverse
/// lexical order. Each name's segments are counted once, not at every
/// comparison.
fn sort_for_parsing(renderables: &mut Vec<objects::Renderable<'_>>) {
    let mut keyed: Vec<(usize, objects::Renderable<'_>)> = renderables
        .drain(..)
        .map(|r| (memchr::memchr_iter(b'/', r.name.as_bytes()).count(), r))
        .collect();
    keyed.sort_by(|(ca, a), (cb, b)| cb.cmp(ca).then_with(|| b.name.cmp(&a.name)));
    renderables.extend(keyed.into_iter().map(|(_, r)| r));
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

/// Helm's wording of an execution error: `fail`/`required` messages as
/// `execution error at (<location>): <message>`, a function's own error as
/// Go's text, anything else as Helm's multi-line trace.
fn exec_error(name: &str, e: &exec::ExecError) -> Error {
    let text = e.go_text();
    let location = e.location().unwrap_or(name);
    if let (Some(s), Some(end)) = (text.find(ERR_START), text.find(ERR_END))
        && s + ERR_START.len() <= end
    {
        return Error::TemplateExec {
            location: location.to_string(),
            reason: text[s + ERR_START.len()..end].to_string(),
        };
    }
    let text = e.helm_trace().unwrap_or(text);
    Error::TemplateFailed(bounded(text))
}

/// Nested tpl/include failures wrap each other: keep the start and the cause.
fn bounded(msg: String) -> String {
    if msg.len() <= MAX_ERROR_LEN {
        return msg;
    }
    let head = (0..=MAX_ERROR_LEN / 4)
        .rev()
        .find(|i| msg.is_char_boundary(*i))
        .unwrap_or(0);
    let tail = (msg.len() - MAX_ERROR_LEN / 2..msg.len())
        .find(|i| msg.is_char_boundary(*i))
        .unwrap_or(msg.len());
    format!("{} ... {}", &msg[..head], &msg[tail..])
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
        sort_for_parsing(&mut renderables);

        let mut templates = exec::Templates::default();
        for r in &renderables {
            let (tree, defines) = parse_source(&r.name, &r.source, &resolve_function)
                .map_err(|m| parse_error(&r.name, &m))?;
            add_templates(&mut templates, &r.name, &r.source, tree, defines);
        }

        let mut executor = exec::Exec::new(&templates, &FUNCS, self.lookup.as_ref());
        let mut rendered = BTreeMap::new();
        for r in &renderables {
            let base = r.name.rsplit('/').next().unwrap_or(&r.name);
            if base.starts_with('_') {
                continue;
            }
            let data = objects::with_template(r);
            // Most of a template's output is its text: room for it up front
            // saves the copies of a growing string.
            let mut out = String::with_capacity(r.source.len());
            executor
                .execute(&r.name, &data, &mut out)
                .map_err(|e| exec_error(&r.name, &e))?;
            rendered.insert(r.name.clone(), strip_no_value(out).into_owned());
        }
        Ok(rendered)
    }
}

/// Adds a parsed file's `define`s and body to the set, as Go's
/// `AddParseTree` does: an empty body does not replace a template.
fn add_templates<'s>(
    templates: &mut exec::Templates<'s>,
    file: &str,
    src: &'s str,
    tree: ListNode,
    defines: Vec<(String, ListNode)>,
) {
    let path: Arc<str> = Arc::from(file);
    for (n, body) in defines.into_iter().chain([(file.to_string(), tree)]) {
        if body.is_empty_tree(src) && templates.contains_key(&n) {
            continue;
        }
        let t = exec::Tmpl {
            name: Arc::from(n.as_str()),
            body: Arc::new(body),
            file: path.clone(),
            src: exec::Src::Borrowed(src),
        };
        templates.insert(n, t);
    }
}

/// Executes one template source named `t` with `data` as dot, with every
/// function a chart may call (`lookup` answering empty maps). Output keeps
/// `<no value>`; errors read `template: t:<line>:<col>: <message>`. For tests
/// of the function library.
pub fn execute_text(src: &str, data: &value::Value) -> std::result::Result<String, String> {
    let name = "t";
    let (tree, defines) = parse_source(name, src, &resolve_function)?;
    let mut templates = exec::Templates::default();
    add_templates(&mut templates, name, src, tree, defines);
    let mut executor = exec::Exec::new(&templates, &FUNCS, None);
    let mut out = String::new();
    executor
        .execute(name, data, &mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// The Sprig and Helm function map, built once.
static FUNCS: LazyLock<FuncMap> = LazyLock::new(crate::funcs::function_map);

/// Every function a template may call, resolved: Go's built-ins, replaced
/// by the map's functions of the same name, replaced by Helm's engine
/// functions, then `and` and `or` (the order the executor looks in).
/// Hashed as the function map is ([`crate::funcs::NameHasher`]): the parser
/// asks for every identifier, and names are short.
static RESOLVED: LazyLock<
    HashMap<&'static str, Ident, BuildHasherDefault<crate::funcs::NameHasher>>,
> = LazyLock::new(|| {
    let funcs: &'static FuncMap = &FUNCS;
    let mut names: HashMap<&'static str, Ident, BuildHasherDefault<crate::funcs::NameHasher>> =
        HashMap::default();
    let mut add = |name: &'static str, callee| {
        names.insert(name, Ident { name, callee });
    };
    for &(name, b) in GOTMPL_BUILTINS {
        add(name, Callee::Builtin(b));
    }
    for (name, f) in funcs {
        add(name.as_str(), Callee::Map(f));
    }
    for &(name, e) in ENGINE_FUNCTIONS {
        add(name, Callee::Engine(e));
    }
    add("and", Callee::And);
    add("or", Callee::Or);
    names
});

/// The function a template calls by `name`, if there is one.
pub(crate) fn resolve_function(name: &str) -> Option<Ident> {
    RESOLVED.get(name).copied()
}

/// Functions the executor provides itself (Helm's that need the render).
const ENGINE_FUNCTIONS: &[(&str, EngineFn)] = &[
    ("include", EngineFn::Include),
    ("tpl", EngineFn::Tpl),
    ("required", EngineFn::Required),
    ("fail", EngineFn::Fail),
    ("lookup", EngineFn::Lookup),
    ("getHostByName", EngineFn::GetHostByName),
    (rewrite::METHOD_FUNC, EngineFn::Method),
];

/// Helm's `strings.ReplaceAll(out, "<no value>", "")`. Most outputs have no
/// such text: a SIMD search first avoids a copy of every rendered template.
pub(crate) fn strip_no_value<'t>(out: impl Into<Cow<'t, str>>) -> Cow<'t, str> {
    const NO_VALUE: &str = "<no value>";
    let out = out.into();
    if memchr::memmem::find(out.as_bytes(), NO_VALUE.as_bytes()).is_some() {
        Cow::Owned(out.replace(NO_VALUE, ""))
    } else {
        out
    }
}

/// Go's text/template built-in functions (`and` and `or` apart).
const GOTMPL_BUILTINS: &[(&str, Builtin)] = &[
    ("call", Builtin::Call),
    ("html", Builtin::Html),
    ("index", Builtin::Index),
    ("js", Builtin::Js),
    ("len", Builtin::Len),
    ("not", Builtin::Not),
    ("print", Builtin::Print),
    ("printf", Builtin::Printf),
    ("println", Builtin::Println),
    ("slice", Builtin::Slice),
    ("urlquery", Builtin::Urlquery),
    ("eq", Builtin::Eq),
    ("ne", Builtin::Ne),
    ("lt", Builtin::Lt),
    ("le", Builtin::Le),
    ("gt", Builtin::Gt),
    ("ge", Builtin::Ge),
];
