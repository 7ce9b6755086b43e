//! Helm's own template functions, the ones that need the template set or the
//! render options: `include` (depth-capped), `tpl`, `required`, `fail`, `lookup`,
//! `getHostByName`, and the method dispatcher for built-in objects.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use base64::Engine as _;
use gotmpl::{FuncMap, Template, TemplateError, Value};

use super::rewrite::{CALL_FUNC, METHOD_FUNC, PRINT_FUNC};
use super::{Lookup, parse_source};
use crate::glob::{Dialect, matches};

/// Nested `include`s of one template name allowed before failing, as in Helm.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 1000;
/// Nested `include` and `tpl` calls of any names allowed at once; bounds the
/// stack where Helm relies on Go's growable stacks.
pub(crate) const MAX_NESTING: usize = 2500;

/// Counts one level of nesting for as long as it lives.
struct Nesting(Arc<AtomicUsize>);

impl Nesting {
    fn enter(counter: &Arc<AtomicUsize>, what: &str) -> gotmpl::Result<Nesting> {
        if counter.fetch_add(1, Ordering::SeqCst) >= MAX_NESTING {
            counter.fetch_sub(1, Ordering::SeqCst);
            return Err(exec_err(format!(
                "rendering template has a nested reference name: {what}: more than {MAX_NESTING} nested include/tpl calls"
            )));
        }
        Ok(Nesting(counter.clone()))
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
/// Markers around messages of `fail` and `required`, as Helm uses them to find
/// the user's message inside wrapped errors.
pub(crate) const ERR_START: &str = "HELM_ERR_START";
/// See [`ERR_START`].
pub(crate) const ERR_END: &str = "HELM_ERR_END";

/// The template set the functions execute against, and the names of the
/// functions it can call; set once the set is built. Weak, so the set's own
/// function map does not keep it alive.
pub(crate) struct SetRef {
    pub(crate) template: Weak<Template>,
    pub(crate) names: Arc<HashSet<String>>,
    pub(crate) funcs: Weak<FuncMap>,
}

/// Where the functions find the template set.
pub(crate) type SetSlot = Arc<OnceLock<SetRef>>;

fn exec_err(msg: impl Into<String>) -> TemplateError {
    TemplateError::Exec(msg.into())
}

/// An error's text without the `execution error: ` prefix each wrap would add.
fn message(e: &TemplateError) -> String {
    match e {
        TemplateError::Exec(m) => m.clone(),
        other => other.to_string(),
    }
}

fn arg_str<'a>(args: &'a [Value], i: usize, func: &str) -> gotmpl::Result<&'a str> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(exec_err(format!(
            "wrong type for value in {func}; expected string; got {}",
            other.type_name()
        ))),
        None => Err(TemplateError::ArgCount {
            name: func.into(),
            expected: i + 1,
            got: args.len(),
        }),
    }
}

fn set_of(slot: &SetSlot) -> gotmpl::Result<(Arc<Template>, Arc<HashSet<String>>)> {
    let r = slot
        .get()
        .ok_or_else(|| exec_err("template set is not available"))?;
    let t = r
        .template
        .upgrade()
        .ok_or_else(|| exec_err("template set is not available"))?;
    Ok((t, r.names.clone()))
}

/// Adds Helm's engine functions to `funcs`.
pub(crate) fn install(funcs: &mut FuncMap, slot: &SetSlot, lookup: Option<Lookup>) {
    let depth: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let nesting: Arc<AtomicUsize> = Arc::default();
    let (s, d, nest) = (slot.clone(), depth.clone(), nesting.clone());
    funcs.insert(
        "include".into(),
        Arc::new(move |args: &[Value]| {
            let name = arg_str(args, 0, "include")?.to_string();
            let data = args.get(1).cloned().unwrap_or(Value::Nil);
            let (set, _) = set_of(&s)?;
            let _level = Nesting::enter(&nest, &name)?;
            {
                let mut counts = d.lock().map_err(|_| exec_err("include state poisoned"))?;
                let n = counts.entry(name.clone()).or_insert(0);
                if *n > MAX_INCLUDE_DEPTH {
                    return Err(exec_err(format!(
                        "rendering template has a nested reference name: {name}: unable to execute template"
                    )));
                }
                *n += 1;
            }
            let out = set.execute_template_to_string(&name, &data);
            if let Ok(mut counts) = d.lock()
                && let Some(n) = counts.get_mut(&name)
            {
                *n = n.saturating_sub(1);
            }
            out.map(|s| Value::String(s.into()))
        }),
    );
    let (s, nest) = (slot.clone(), nesting.clone());
    funcs.insert(
        "tpl".into(),
        Arc::new(move |args: &[Value]| {
            let text = arg_str(args, 0, "tpl")?;
            if !text.contains("{{") {
                return Ok(Value::String(text.into()));
            }
            let data = args.get(1).cloned().unwrap_or(Value::Nil);
            let (set, names) = set_of(&s)?;
            let _level = Nesting::enter(&nest, "tpl")?;
            run_tpl(&set, &names, text, &data).map(|s| Value::String(s.into()))
        }),
    );
    funcs.insert(
        "required".into(),
        Arc::new(|args: &[Value]| {
            let warn = arg_str(args, 0, "required")?;
            match args.get(1) {
                None | Some(Value::Nil) => Err(exec_err(format!("{ERR_START}{warn}{ERR_END}"))),
                Some(Value::String(s)) if s.is_empty() => {
                    Err(exec_err(format!("{ERR_START}{warn}{ERR_END}")))
                }
                Some(v) => Ok(v.clone()),
            }
        }),
    );
    funcs.insert(
        "fail".into(),
        Arc::new(|args: &[Value]| {
            let msg = arg_str(args, 0, "fail")?;
            Err(exec_err(format!("{ERR_START}{msg}{ERR_END}")))
        }),
    );
    funcs.insert(
        "lookup".into(),
        Arc::new(move |args: &[Value]| {
            let a = |i| {
                args.get(i)
                    .and_then(|v: &Value| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            Ok(match &lookup {
                Some(f) => super::convert::to_template(&f(&a(0), &a(1), &a(2), &a(3))),
                None => Value::Map(Arc::new(BTreeMap::new())),
            })
        }),
    );
    funcs.insert(
        "getHostByName".into(),
        Arc::new(|_: &[Value]| Ok(Value::String("".into()))),
    );
    let s = slot.clone();
    funcs.insert(
        CALL_FUNC.into(),
        Arc::new(move |args: &[Value]| {
            let location = arg_str(args, 0, CALL_FUNC)?;
            let name = arg_str(args, 1, CALL_FUNC)?;
            let table = s
                .get()
                .and_then(|r| r.funcs.upgrade())
                .ok_or_else(|| exec_err("function table is not available"))?;
            let f = table
                .get(name)
                .ok_or_else(|| TemplateError::UndefinedFunction(name.to_string()))?;
            let rest = args.get(2..).unwrap_or_default();
            f(rest).map_err(|e| exec_err(tag_location(location, &message(&e))))
        }),
    );
    funcs.insert(
        PRINT_FUNC.into(),
        Arc::new(|args: &[Value]| {
            Ok(super::goprint::printable(
                args.last().unwrap_or(&Value::Nil),
            ))
        }),
    );
    // gotmpl's own print/println format floats the Rust way.
    funcs.insert(
        "print".into(),
        Arc::new(|args: &[Value]| Ok(Value::String(super::goprint::sprint(args).into()))),
    );
    funcs.insert(
        "println".into(),
        Arc::new(|args: &[Value]| Ok(Value::String(super::goprint::sprintln(args).into()))),
    );
    let to_yaml = funcs.get("toYaml").cloned();
    funcs.insert(
        METHOD_FUNC.into(),
        Arc::new(move |args: &[Value]| call_method(args, to_yaml.as_ref())),
    );
}

/// Marks the location inside an error message; the outermost call's wins.
pub(crate) const LOCATION_MARK: char = '\u{1}';

fn tag_location(location: &str, msg: &str) -> String {
    let (_, rest) = split_location(msg);
    format!("{LOCATION_MARK}{location}{LOCATION_MARK}{rest}")
}

/// Splits a tagged message into its location and the message without tags.
pub(crate) fn split_location(msg: &str) -> (Option<String>, String) {
    let Some(start) = msg.find(LOCATION_MARK) else {
        return (None, msg.to_string());
    };
    let after = &msg[start + 1..];
    let Some(end) = after.find(LOCATION_MARK) else {
        return (None, msg.to_string());
    };
    let location = after[..end].to_string();
    let rest = format!("{}{}", &msg[..start], &after[end + 1..]);
    let (_, rest) = split_location(&rest);
    (Some(location), rest)
}

fn run_tpl(
    set: &Template,
    names: &HashSet<String>,
    text: &str,
    data: &Value,
) -> gotmpl::Result<String> {
    let name = "gotpl";
    let (tree, defines) = parse_source(name, text, &|f: &str| names.contains(f))
        .map_err(|e| exec_err(format!("cannot parse template {text:?}: {e}")))?;
    let mut t = set.clone();
    for (n, body) in defines {
        t = t.add_parse_tree(&n, body);
    }
    t = t.add_parse_tree(name, tree);
    let out = t.execute_template_to_string(name, data).map_err(|e| {
        exec_err(format!(
            "error during tpl function execution for {text:?}: {}",
            message(&e)
        ))
    })?;
    Ok(out.replace("<no value>", ""))
}

fn call_method(args: &[Value], to_yaml: Option<&gotmpl::ValueFunc>) -> gotmpl::Result<Value> {
    let method = arg_str(args, 0, METHOD_FUNC)?;
    let recv = args.get(1).unwrap_or(&Value::Nil);
    let rest = args.get(2..).unwrap_or_default();
    match recv {
        Value::Map(m) => {
            if rest.is_empty()
                && let Some(v) = m.get(method)
            {
                return Ok(v.clone());
            }
            files_method(m, method, rest, to_yaml)
        }
        Value::List(items) if method == "Has" => {
            let want = rest.first().and_then(Value::as_str).unwrap_or("");
            Ok(Value::Bool(items.iter().any(|i| i.as_str() == Some(want))))
        }
        Value::Nil if rest.is_empty() => Ok(Value::Nil),
        other => Err(exec_err(format!(
            "can't evaluate field {method} in type {}",
            other.type_name()
        ))),
    }
}

type FileMap = BTreeMap<Arc<str>, Value>;

fn files_method(
    files: &FileMap,
    method: &str,
    rest: &[Value],
    to_yaml: Option<&gotmpl::ValueFunc>,
) -> gotmpl::Result<Value> {
    let path = || rest.first().and_then(Value::as_str).unwrap_or("");
    match method {
        "Get" | "GetBytes" => Ok(files
            .get(path())
            .cloned()
            .unwrap_or(Value::String("".into()))),
        "Glob" => {
            let pattern = path();
            let out: FileMap = files
                .iter()
                .filter(|(name, _)| {
                    matches(pattern, name, Dialect::Gobwas)
                        .unwrap_or_else(|_| matches("**", name, Dialect::Gobwas).unwrap_or(false))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Ok(Value::Map(Arc::new(out)))
        }
        "Lines" => {
            let text = files.get(path()).and_then(Value::as_str).unwrap_or("");
            if text.is_empty() {
                return Ok(Value::List(Arc::from(Vec::new())));
            }
            let text = text.strip_suffix('\n').unwrap_or(text);
            Ok(Value::List(
                text.split('\n').map(|l| Value::String(l.into())).collect(),
            ))
        }
        "AsConfig" | "AsSecrets" => {
            let out: FileMap = files
                .iter()
                .map(|(k, v)| {
                    let base = k.rsplit('/').next().unwrap_or(k);
                    let content = v.as_str().unwrap_or("");
                    let content = if method == "AsSecrets" {
                        base64::engine::general_purpose::STANDARD.encode(content.as_bytes())
                    } else {
                        content.to_string()
                    };
                    (Arc::from(base), Value::String(content.into()))
                })
                .collect();
            let map = Value::Map(Arc::new(out));
            match to_yaml {
                Some(f) => f(&[map]),
                None => Err(exec_err("toYaml is not available")),
            }
        }
        "Has" => Ok(Value::Bool(false)),
        _ => Ok(Value::Nil),
    }
}
