//! Helm's engine functions, which need the template set or the render:
//! `include` (depth-capped), `tpl`, `required`, `fail`, `lookup`,
//! `getHostByName`, and the method dispatcher the tree rewrite inserts.

use std::borrow::Cow;
use std::sync::Arc;

use super::error::{ExecError, Flow, Walk};
use super::{Exec, Src, Tmpl};
use crate::engine::ast::EngineFn;
use crate::engine::value::{Entries, Value};
use crate::engine::{ERR_END, ERR_START, methods, parse_source};

/// Nested `include`s of one template name allowed before failing, as in Helm.
pub(crate) const MAX_INCLUDE_DEPTH: usize = 1000;
/// Nested `include` and `tpl` calls of any names allowed at once; bounds the
/// stack where Helm relies on Go's growable stacks.
pub(crate) const MAX_NESTING: usize = 2500;

fn err<T>(message: String) -> Walk<T> {
    Err(Flow::from(ExecError::new(message)))
}

fn str_arg<'v>(args: &'v [Value], i: usize, func: &str) -> Walk<&'v str> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => err(super::error::function_message(&crate::funcs::wrong_type(
            i, "string", other,
        ))),
        None => err(format!(
            "wrong number of args for {func}: want {} got {}",
            i + 1,
            args.len()
        )),
    }
}

impl Exec<'_> {
    /// Helm's engine function `f`, named `name`.
    pub(super) fn engine_function(
        &mut self,
        f: EngineFn,
        name: &str,
        args: &[Value],
    ) -> Walk<Value> {
        // Go checks the count against the function's signature first.
        let want = match f {
            EngineFn::Include | EngineFn::Tpl | EngineFn::Required => 2,
            EngineFn::Fail | EngineFn::GetHostByName => 1,
            EngineFn::Lookup => 4,
            EngineFn::Method => args.len(),
        };
        if args.len() != want {
            return err(format!(
                "wrong number of args for {name}: want {want} got {}",
                args.len()
            ));
        }
        match f {
            EngineFn::Include => self.include(args),
            EngineFn::Tpl => self.tpl(args),
            EngineFn::Required => required(args),
            EngineFn::Fail => {
                str_arg(args, 0, "fail").and_then(|m| err(format!("{ERR_START}{m}{ERR_END}")))
            }
            EngineFn::Lookup => {
                // Go checks the four string parameters before the call.
                for i in 0..4 {
                    str_arg(args, i, "lookup")?;
                }
                Ok(self.lookup_object(args))
            }
            EngineFn::GetHostByName => str_arg(args, 0, "getHostByName").map(|_| Value::from("")),
            EngineFn::Method => {
                let to_yaml = self.funcs.get("toYaml");
                methods::call_method(args, to_yaml)
                    .map_err(|e| Flow::from(ExecError::new(super::error::function_message(&e))))
            }
        }
    }

    fn nest(&mut self, what: &str) -> Walk {
        if self.nesting >= MAX_NESTING {
            return err(format!(
                "rendering template has a nested reference name: {what}: more than {MAX_NESTING} nested include/tpl calls"
            ));
        }
        self.nesting += 1;
        Ok(())
    }

    fn include(&mut self, args: &[Value]) -> Walk<Value> {
        let name = str_arg(args, 0, "include")?;
        let data = args.get(1).cloned().unwrap_or(Value::Nil);
        self.nest(name)?;
        let count = match self.includes.get_mut(name) {
            Some(count) => count,
            None => self.includes.entry(name.to_string()).or_insert(0),
        };
        if *count > MAX_INCLUDE_DEPTH {
            self.nesting -= 1;
            return err(format!(
                "rendering template has a nested reference name: {name}: unable to execute template"
            ));
        }
        *count += 1;
        let result = self.execute_to_value(name, &data, |out| Value::from(out));
        if let Some(n) = self.includes.get_mut(name) {
            *n = n.saturating_sub(1);
        }
        self.nesting -= 1;
        // The call site adds its frame before the template's.
        result.map_err(Flow::from)
    }

    fn tpl(&mut self, args: &[Value]) -> Walk<Value> {
        let text = str_arg(args, 0, "tpl")?;
        if !text.contains("{{") {
            return Ok(args[0].clone());
        }
        let data = args.get(1).cloned().unwrap_or(Value::Nil);
        let name = "gotpl";
        let (tree, defines) = match parse_source(name, text, &crate::engine::resolve_function) {
            Ok(parsed) => parsed,
            Err(e) => return err(format!("cannot parse template {text:?}: {e}")),
        };
        let src: Arc<str> = match args.first() {
            Some(Value::String(s)) => s.clone(),
            _ => Arc::from(text),
        };
        let file: Arc<str> = Arc::from(name);
        let tmpl = |name: &str, body| Tmpl {
            name: Arc::from(name),
            body: Arc::new(body),
            file: file.clone(),
            src: Src::Shared(src.clone()),
        };
        let mut overlay = super::Templates::default();
        for (n, body) in defines {
            overlay.insert(n.clone(), tmpl(&n, body));
        }
        overlay.insert(name.to_string(), tmpl(name, tree));
        self.nest("tpl")?;
        self.overlays.push(overlay);
        let result = self.execute_to_value(name, &data, |out| {
            Value::from(crate::engine::strip_no_value(Cow::Borrowed(out)).as_ref())
        });
        self.overlays.pop();
        self.nesting -= 1;
        match result {
            Ok(v) => Ok(v),
            Err(e) => err(format!(
                "error during tpl function execution for {text:?}: {}",
                e.go_text()
            )),
        }
    }

    fn lookup_object(&self, args: &[Value]) -> Value {
        let a = |i: usize| {
            args.get(i)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        match self.lookup {
            Some(f) => crate::engine::convert::to_template(&f(&a(0), &a(1), &a(2), &a(3))),
            None => Value::map(Entries::new()),
        }
    }
}

fn required(args: &[Value]) -> Walk<Value> {
    let warn = str_arg(args, 0, "required")?;
    match args.get(1) {
        None | Some(Value::Nil) => err(format!("{ERR_START}{warn}{ERR_END}")),
        Some(Value::String(s)) if s.is_empty() => err(format!("{ERR_START}{warn}{ERR_END}")),
        Some(v) => Ok(v.clone()),
    }
}
