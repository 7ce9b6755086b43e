//! Methods of Helm's built-in objects (`.Files.Get`, `.Files.Glob`,
//! `.Files.AsConfig`, `.Capabilities.APIVersions.Has`, ...), which the tree
//! rewrite turns into calls of the dispatcher with the receiver.

use std::sync::Arc;

use base64::Engine as _;
use gotmpl::TemplateError;

use super::rewrite::METHOD_FUNC;
use super::value::{Entries, Value};
use crate::funcs::Func;
use crate::glob::{Dialect, matches};

fn exec_err(msg: impl Into<String>) -> TemplateError {
    TemplateError::Exec(msg.into())
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

pub(crate) fn call_method(args: &[Value], to_yaml: Option<&Func>) -> gotmpl::Result<Value> {
    let method = arg_str(args, 0, METHOD_FUNC)?;
    let recv = args.get(1).unwrap_or(&Value::Nil);
    let rest = args.get(2..).unwrap_or_default();
    // Methods of `chartutil.Values` (the rewrite only names them after
    // `.Values`); a method wins over a key of the same name, as in Go.
    if let (Value::Map(_), true) = (recv, rest.is_empty()) {
        match method {
            "AsMap" => return Ok(recv.clone()),
            "YAML" => {
                let to_yaml = to_yaml.ok_or_else(|| exec_err("toYaml is not available"))?;
                let text = to_yaml(std::slice::from_ref(recv))?;
                return Ok(Value::String(
                    format!("{}\n", text.as_str().unwrap_or("")).into(),
                ));
            }
            _ => {}
        }
    }
    match recv {
        Value::Map(m) => {
            if rest.is_empty()
                && let Some(v) = m.get(method)
            {
                return Ok(v);
            }
            files_method(&m.borrow(), method, rest, to_yaml)
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

type FileMap = Entries;

fn files_method(
    files: &FileMap,
    method: &str,
    rest: &[Value],
    to_yaml: Option<&Func>,
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
            Ok(Value::map(out))
        }
        "Lines" => {
            let content = files
                .get(path())
                .and_then(Value::as_bytes)
                .unwrap_or_default();
            if content.is_empty() {
                return Ok(Value::List(Vec::new().into()));
            }
            let content = content.strip_suffix(b"\n").unwrap_or(content);
            Ok(Value::List(
                content
                    .split(|&b| b == b'\n')
                    .map(Value::file_content)
                    .collect(),
            ))
        }
        "AsConfig" | "AsSecrets" => {
            let out: FileMap = files
                .iter()
                .map(|(k, v)| {
                    let base = k.rsplit('/').next().unwrap_or(k);
                    let content = if method == "AsSecrets" {
                        let bytes = v.as_bytes().unwrap_or_default();
                        base64::engine::general_purpose::STANDARD.encode(bytes)
                    } else {
                        crate::engine::value::go_lossy(v.as_bytes().unwrap_or_default())
                    };
                    (Arc::from(base), Value::String(content.into()))
                })
                .collect();
            let map = Value::map(out);
            match to_yaml {
                Some(f) => f(&[map]),
                None => Err(exec_err("toYaml is not available")),
            }
        }
        "Has" => Ok(Value::Bool(false)),
        _ => Ok(Value::Nil),
    }
}
