//! Calling functions: Go's built-ins (`and`/`or` short-circuit, `not`, `len`,
//! `index`, `slice`, `print*`, comparisons, escapers, `call`), Helm's engine
//! functions, then the Sprig/Helm function map. A function's error names the
//! call's location; the outermost call's wins, as Helm reports it.

use crate::engine::ast::{Builtin as Go, Callee, CommandNode, Expr, Ident, Pos};

use super::error::{ExecError, Flow, Tail, Walk, function_message};
use super::{Exec, compare, node_text};
use crate::engine::goprint;
use crate::engine::value::Value;
use crate::funcs::go_type;

/// What a built-in returns: its value or Go's message.
pub(super) type Builtin = Result<Value, String>;

impl Exec<'_> {
    /// Calls function `ident` with `args` (and the piped value last); `cmd`
    /// is the command it heads, for error messages.
    pub(super) fn call(
        &mut self,
        dot: &Value,
        ident: &Ident,
        pos: Pos,
        args: &[Expr],
        piped: Option<Value>,
        cmd: Option<&CommandNode>,
    ) -> Walk<Value> {
        let name = ident.name;
        match ident.callee {
            Callee::And => return self.and_or(dot, true, pos, args, piped),
            Callee::Or => return self.and_or(dot, false, pos, args, piped),
            _ => {}
        }
        let mut argv = self.arg_pool.pop().unwrap_or_default();
        for a in args {
            match self.expr(dot, a) {
                Ok(v) => argv.push(v),
                Err(e) => {
                    argv.clear();
                    self.arg_pool.push(argv);
                    return Err(e);
                }
            }
        }
        let was_piped = piped.is_some();
        argv.extend(piped);
        if argv.iter().any(|v| matches!(v, Value::Bytes(_))) && !crate::funcs::takes_bytes(name) {
            for v in argv.iter_mut() {
                *v = std::mem::take(v).lossy();
            }
        }
        // The parser resolved the name: Helm's engine functions, then the
        // template's functions before Go's built-ins (Sprig's `slice` wins).
        let result = match ident.callee {
            Callee::Engine(f) => self.engine_function(f, name, &argv).map_err(|f| match f {
                // Go wraps what Helm's own functions return.
                Flow::Err(mut e)
                    if e.frames.is_empty()
                        && e.tail == Tail::Function
                        && !e.pending.starts_with("wrong ")
                        && !crate::funcs::is_arg_failure(&e.pending) =>
                {
                    e.pending = format!("error calling {name}: {}", e.pending);
                    Flow::Err(e)
                }
                other => other,
            }),
            Callee::Map(_) if let Some(typed) = self.values_typed(name, &argv) => {
                typed.map_err(|m| Flow::from(ExecError::new(m)))
            }
            Callee::Map(f) => {
                let mut result = f(&argv).map_err(|e| function_message(&e));
                // Go's scanner makes an integral float literal (`0.0`, `1e3`)
                // an integer too: an integer parameter takes it as one.
                while let Err(m) = &result
                    && let Some((i, x)) = integral_literal_for_int(m, args, &argv)
                {
                    argv[i] = Value::Int(x);
                    result = f(&argv).map_err(|e| function_message(&e));
                }
                // Go checks arguments in order, all before the call: a nil map
                // entry fails unless an earlier argument already did.
                let result = match self.nil_entry_for_typed_param(dot, name, &argv, args) {
                    Some(i)
                        if !result.as_ref().is_err_and(|m| {
                            crate::funcs::arg_failure(m).is_some_and(|(j, _)| j < i)
                        }) =>
                    {
                        Err(function_message(&crate::funcs::wrong_type(
                            i,
                            crate::funcs::nillable_param(name, i).unwrap_or_default(),
                            &Value::Nil,
                        )))
                    }
                    _ => result,
                };
                result.map_err(|m| Flow::from(ExecError::new(m)))
            }
            // `len` of a nil map entry or range element: an interface {}
            // holding nil to Go, not the absence of a value.
            Callee::Builtin(Go::Len)
                if argv.len() == 1
                    && matches!(argv[0], Value::Nil)
                    && args.len() == 1
                    && (self.chain_on_map(dot, &args[0]) || self.nil_range_element(&args[0])) =>
            {
                Err(Flow::from(ExecError::new(
                    "error calling len: len of nil pointer".into(),
                )))
            }
            Callee::Builtin(b) => {
                go_builtin(b, name, &argv).map_err(|m| Flow::from(ExecError::new(m)))
            }
            Callee::And | Callee::Or => Ok(Value::Nil),
        };
        // Only a failure names the piped value's type.
        let piped_values =
            was_piped && result.is_err() && argv.last().is_some_and(|v| self.is_values_map(v));
        argv.clear();
        self.arg_pool.push(argv);
        result.map_err(|f| match f {
            Flow::Err(mut e)
                if e.frames.is_empty()
                    && e.tail == Tail::Function
                    && crate::funcs::is_arg_failure(&e.pending) =>
            {
                let (at, node, mut message) = self.arg_site(dot, &e.pending, pos, name, args);
                if piped_values
                    && crate::funcs::arg_failure(&e.pending).is_some_and(|(i, _)| i == args.len())
                    && let Some(head) = message.strip_suffix("got map[string]interface {}")
                {
                    message = format!("{head}got common.Values");
                }
                e.pending = message;
                Flow::from(self.call_failed(*e, at, node, name))
            }
            Flow::Err(mut e) => {
                if was_piped {
                    e.pending = variadic_count_written(&e.pending, args.len());
                }
                // Go reports a call's argument count at the function's name,
                // its failure at the whole command.
                let node = match cmd {
                    Some(c) if !e.pending.starts_with("wrong number of args") => {
                        node_text::command(c, &self.current.src)
                    }
                    _ => name.to_string(),
                };
                Flow::from(self.call_failed(*e, pos, node, name))
            }
            other => other,
        })
    }

    /// Where and how Go reports argument failure `failure` of a call to
    /// `name` at `pos` with `args` written. Go checks each argument before
    /// the call, at the argument: a literal of the wrong kind is "expected
    /// <kind>; found <literal>", a nil map entry is an `interface {}`. The
    /// piped value is checked last, at the last argument written (at the
    /// name when there is none).
    fn arg_site(
        &self,
        dot: &Value,
        failure: &str,
        pos: Pos,
        name: &str,
        args: &[Expr],
    ) -> (Pos, String, String) {
        let Some((i, message)) = crate::funcs::arg_failure(failure) else {
            return (pos, name.to_string(), failure.to_string());
        };
        let src: &str = &self.current.src;
        let Some(arg) = args.get(i) else {
            return match args.last() {
                Some(last) => {
                    let (at, node) = arg_node(last, src);
                    (at, node, message.to_string())
                }
                None => (pos, name.to_string(), message.to_string()),
            };
        };
        let (at, node) = arg_node(arg, src);
        let want = message
            .split_once("expected ")
            .map_or("", |(_, w)| w.split(';').next().unwrap_or(w));
        let message = match arg {
            Expr::String(..) | Expr::Number(..) | Expr::Bool(..) => match want {
                "string" => format!("expected string; found {node}"),
                "int" => format!("expected integer; found {node}"),
                "float64" => format!("expected float; found {node}"),
                "bool" => format!("expected bool; found {node}"),
                _ => format!("can't handle {node} for arg of type {want}"),
            },
            Expr::Nil(_) => format!("cannot assign nil to {want}"),
            Expr::Field(..) | Expr::Variable(..) | Expr::Chain(..) | Expr::Dot(_)
                if message.starts_with("invalid value") =>
            {
                if self.chain_on_map(dot, arg) || self.nil_range_element(arg) {
                    format!("wrong type for value; expected {want}; got interface {{}}")
                } else {
                    message.to_string()
                }
            }
            Expr::Field(..) | Expr::Variable(..) | Expr::Dot(_)
                if message.ends_with("got map[string]interface {}")
                    && self.is_values_map(&self.peek(dot, arg)) =>
            {
                format!("wrong type for value; expected {want}; got common.Values")
            }
            _ => message.to_string(),
        };
        (at, node, message)
    }

    /// The value of `.`, a field chain or a variable, evaluated again for a
    /// message (nil when that fails).
    fn peek(&self, dot: &Value, e: &Expr) -> Value {
        let found = match e {
            Expr::Dot(_) => Ok(dot.clone()),
            Expr::Field(_, fields) => {
                self.fields(dot.clone(), fields, super::eval::chain_pos(e), true, e)
            }
            Expr::Variable(at, name, fields) => self
                .variable(name, *at, e)
                .and_then(|(v, _)| self.fields(v, fields, super::eval::chain_pos(e), true, e)),
            _ => Ok(Value::Nil),
        };
        found.unwrap_or_default()
    }

    /// Functions that tell Helm's `common.Values` (the built-in objects and
    /// their `.Values`) from a plain map: Sprig's `typeOf` names it,
    /// `deepEqual` tells it from a map, and `dig`'s assertion to
    /// `map[string]interface {}` fails on it.
    fn values_typed(&self, name: &str, argv: &[Value]) -> Option<Result<Value, String>> {
        const TYPE: &str = "common.Values";
        match (name, argv) {
            ("typeOf", [v]) if self.is_values_map(v) => Some(Ok(Value::from(TYPE))),
            ("typeIs" | "typeIsLike", [Value::String(t), v]) if self.is_values_map(v) => {
                Some(Ok(Value::Bool(t.as_ref() == TYPE)))
            }
            // reflect.DeepEqual: a `common.Values` never equals a plain map.
            ("deepEqual", [a, b]) if self.is_values_map(a) != self.is_values_map(b) => {
                Some(Ok(Value::Bool(false)))
            }
            ("dig", [.., last]) if argv.len() >= 3 && self.is_values_map(last) => {
                Some(Err(format!(
                    "error calling dig: interface conversion: interface {{}} is {TYPE}, not map[string]interface {{}}"
                )))
            }
            _ => None,
        }
    }

    /// Whether `v` is a map of Helm's type `common.Values`: the objects a
    /// template starts with (its first `$`), or their `.Values`.
    fn is_values_map(&self, v: &Value) -> bool {
        let (Value::Map(m), Some((_, Value::Map(root), _))) = (v, self.vars.first()) else {
            return false;
        };
        m.ptr_eq(root)
            || matches!(root.get("Values"), Some(Value::Map(values)) if m.ptr_eq(&values))
    }

    /// Whether `e` is `.` or a variable holding a nil element of a `range`:
    /// to Go an `interface {}` holding nil, not the absence of a value.
    fn nil_range_element(&self, e: &Expr) -> bool {
        match e {
            Expr::Dot(_) => self.interface_dot,
            Expr::Variable(at, name, fields) if fields.is_empty() => self
                .variable(name, *at, e)
                .is_ok_and(|(_, element)| element),
            _ => false,
        }
    }

    /// The first written argument that is a nil map entry (or nil range
    /// element) passed for a map or slice parameter of `name`: Go refuses it
    /// as an `interface {}`, where a literal `nil` would do.
    fn nil_entry_for_typed_param(
        &self,
        dot: &Value,
        name: &str,
        argv: &[Value],
        args: &[Expr],
    ) -> Option<usize> {
        args.iter().enumerate().position(|(i, a)| {
            matches!(argv.get(i), Some(Value::Nil))
                && crate::funcs::nillable_param(name, i).is_some()
                && (self.chain_on_map(dot, a) || self.nil_range_element(a))
        })
    }

    /// Whether field chain `e` starts from a value, not from nothing: its
    /// last field is then a map entry, which Go's `missingkey=zero` (Helm's
    /// option) makes an `interface {}` even when the key is missing.
    fn chain_on_map(&self, dot: &Value, e: &Expr) -> bool {
        match e {
            Expr::Field(..) => !matches!(dot, Value::Nil),
            // Fields of a nil stop the chain with an error before the call.
            Expr::Chain(..) => true,
            Expr::Variable(at, name, fields) if !fields.is_empty() => self
                .variable(name, *at, e)
                .is_ok_and(|(v, _)| !matches!(v, Value::Nil)),
            _ => false,
        }
    }

    fn and_or(
        &mut self,
        dot: &Value,
        and: bool,
        pos: Pos,
        args: &[Expr],
        piped: Option<Value>,
    ) -> Walk<Value> {
        let name = if and { "and" } else { "or" };
        if args.is_empty() && piped.is_none() {
            return Err(self.error_at(
                pos,
                name.to_string(),
                format!("wrong number of args for {name}: want at least 1 got 0"),
            ));
        }
        let mut last = Value::Nil;
        for a in args {
            let v = self.expr(dot, a)?;
            if v.is_truthy() != and {
                return Ok(v);
            }
            last = v;
        }
        if let Some(v) = piped {
            last = v;
        }
        Ok(last)
    }
}

fn want(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ))
    }
}

/// The argument a function refused as an integer parameter when it is a
/// float literal with an integral value (Go's `NumberNode.IsInt`).
fn integral_literal_for_int(failure: &str, args: &[Expr], argv: &[Value]) -> Option<(usize, i64)> {
    let (i, message) = crate::funcs::arg_failure(failure)?;
    let want_int = message.contains("expected int") || message.contains("expected uint");
    let Some(Expr::Number(_, gotmpl::parse::Number::Float(x))) = args.get(i) else {
        return None;
    };
    let integral = x.fract() == 0.0 && (i64::MIN as f64..i64::MAX as f64).contains(x);
    (want_int && integral && matches!(argv.get(i), Some(Value::Float(_)))).then_some((i, *x as i64))
}

/// Go's count in a variadic function's "want at least" message is of the
/// arguments written, the piped value left out (a fixed-count message counts
/// it).
fn variadic_count_written(message: &str, written: usize) -> String {
    match message.split_once(" got ") {
        Some((head, count))
            if head.starts_with("wrong number of args for ")
                && head.contains(": want at least ")
                && count.parse::<usize>().is_ok() =>
        {
            format!("{head} got {written}")
        }
        _ => message.to_string(),
    }
}

fn want_at_least(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() >= n {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want at least {n} got {}",
            args.len()
        ))
    }
}

/// Go's `text/template` built-in function `f`, named `name`.
pub(super) fn go_builtin(f: Go, name: &str, args: &[Value]) -> Builtin {
    match f {
        Go::Not => want(name, args, 1).map(|()| Value::Bool(!args[0].is_truthy())),
        Go::Len => want(name, args, 1).and_then(|()| length(&args[0])),
        Go::Index => want_at_least(name, args, 1).and_then(|()| index(args)),
        Go::Slice => want_at_least(name, args, 1).and_then(|()| slice(args)),
        Go::Print => Ok(Value::from(goprint::sprint(args))),
        Go::Println => Ok(Value::from(goprint::sprintln(args))),
        Go::Printf => super::printf::printf(args),
        Go::Eq => compare::eq(args),
        Go::Ne => compare::ne(args),
        Go::Lt => compare::ordered(name, args, |o| o.is_lt()),
        Go::Le => compare::ordered(name, args, |o| o.is_le()),
        Go::Gt => compare::ordered(name, args, |o| o.is_gt()),
        Go::Ge => compare::ordered(name, args, |o| o.is_ge()),
        Go::Html => Ok(Value::from(gotmpl::html_escape(&escaper_text(args)))),
        Go::Js => Ok(Value::from(gotmpl::js_escape(&escaper_text(args)))),
        Go::Urlquery => Ok(Value::from(gotmpl::url_encode(&escaper_text(args)))),
        Go::Call => match args.first() {
            None => Err("wrong number of args for call: want at least 1 got 0".into()),
            Some(Value::Nil) => Err("error calling call: call of nil".into()),
            Some(other) => Err(format!(
                "error calling call: non-function of type {}",
                go_type(other)
            )),
        },
    }
    .map_err(|m| wrap(name, m))
}

/// The node Go last set as the place of a failure when it checked argument
/// `arg`: the argument, or for a parenthesised pipeline the last node inside.
fn arg_node(arg: &Expr, src: &str) -> (Pos, String) {
    match arg {
        Expr::Pipe(_, p) => super::eval::last_node(p, src),
        // Fields of a parenthesised value: the last node evaluated inside.
        Expr::Chain(_, inner, _) => match inner.as_ref() {
            Expr::Pipe(_, p) => super::eval::last_node(p, src),
            other => (other.pos(), node_text::expr(other, src)),
        },
        other => (super::eval::chain_pos(other), node_text::expr(other, src)),
    }
}

/// Go wraps a function's error as `error calling <name>: ...`; arity errors
/// and argument failures are not wrapped.
fn wrap(name: &str, m: String) -> String {
    if m.starts_with("wrong number of args")
        || m.starts_with("error calling")
        || crate::funcs::is_arg_failure(&m)
    {
        m
    } else {
        format!("error calling {name}: {m}")
    }
}

/// Go's `evalArgs` for the escapers: one string as it is, else `fmt.Sprint`
/// with each nil as the text `<no value>`.
fn escaper_text(args: &[Value]) -> String {
    match args {
        [Value::String(s)] => s.to_string(),
        _ => {
            let printable: Vec<Value> = args
                .iter()
                .map(|a| match a {
                    Value::Nil => Value::from("<no value>"),
                    other => other.clone(),
                })
                .collect();
            goprint::sprint(&printable)
        }
    }
}

fn length(v: &Value) -> Builtin {
    match v.len() {
        Some(n) => Ok(Value::Int(n as i64)),
        None if matches!(v, Value::Nil) => {
            Err("reflect: call of reflect.Value.Type on zero Value".into())
        }
        None => Err(format!("len of type {}", go_type(v))),
    }
}

fn int_index(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Uint(u) => i64::try_from(*u).map_err(|_| format!("index out of range: {u}")),
        Value::Nil => Err("cannot index slice/array with nil".into()),
        other => Err(format!(
            "cannot index slice/array with type {}",
            go_type(other)
        )),
    }
}

/// Go's `index` lets an index equal to the length past its own check, so
/// reflect's panic names the failure then.
fn out_of_range(i: i64, len: usize, kind: &str) -> String {
    if usize::try_from(i) == Ok(len) {
        format!("reflect: {kind} index out of range")
    } else {
        format!("index out of range: {i}")
    }
}

fn index(args: &[Value]) -> Builtin {
    let mut item = args[0].clone();
    for key in &args[1..] {
        item = match &item {
            Value::List(l) => {
                let i = int_index(key)?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| l.get(i))
                    .cloned()
                    .ok_or_else(|| out_of_range(i, l.len(), "slice"))?
            }
            Value::String(_) | Value::Bytes(_) => {
                let bytes = item.as_bytes().unwrap_or_default();
                let i = int_index(key)?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| bytes.get(i))
                    .map(|b| Value::Uint(u64::from(*b)))
                    .ok_or_else(|| out_of_range(i, bytes.len(), "string"))?
            }
            Value::Map(m) => match key {
                Value::String(k) => m.get(k).unwrap_or(Value::Nil),
                Value::Nil => {
                    return Err("value is nil; should be of type string".into());
                }
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        go_type(other)
                    ));
                }
            },
            Value::Nil => return Err("index of untyped nil".into()),
            other => return Err(format!("can't index item of type {}", go_type(other))),
        };
    }
    Ok(item)
}

fn slice(args: &[Value]) -> Builtin {
    if args.len() > 4 {
        return Err(format!(
            "wrong number of args for slice: want 1-4 got {}",
            args.len()
        ));
    }
    let item = &args[0];
    let len = match item {
        Value::List(l) => l.len(),
        Value::String(s) => s.len(),
        Value::Nil => return Err("slice of untyped nil".into()),
        other => return Err(format!("can't slice item of type {}", go_type(other))),
    };
    if matches!(item, Value::String(_)) && args.len() == 4 {
        return Err("cannot 3-index slice a string".into());
    }
    let mut idx = [0usize, len, len];
    for (i, a) in args[1..].iter().enumerate() {
        let n = int_index(a)?;
        let n = usize::try_from(n)
            .ok()
            .filter(|n| *n <= len)
            .ok_or_else(|| format!("index out of range: {n}"))?;
        idx[i] = n;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if args.len() == 4 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match item {
        Value::List(l) => Value::List(l[idx[0]..idx[1]].into()),
        Value::String(s) => {
            let bytes = &s.as_bytes()[idx[0]..idx[1]];
            Value::from(String::from_utf8_lossy(bytes).into_owned())
        }
        _ => Value::Nil,
    })
}
