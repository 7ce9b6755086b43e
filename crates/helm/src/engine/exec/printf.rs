//! `printf`: the common verbs (`%s`, `%d`, `%v` and `%%` without flags on
//! matching operands) formatted here; anything else by `gotmpl`'s port of
//! Go's `fmt`, through a cached one-call template.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::builtins::Builtin;
use crate::engine::goprint;
use crate::engine::value::Value;

/// Go's `fmt.Sprintf(args[0], args[1:]...)`.
pub(super) fn printf(args: &[Value]) -> Builtin {
    let Some(first) = args.first() else {
        return Err("wrong number of args for printf: want at least 1 got 0".into());
    };
    let Value::String(format) = first else {
        return Err(format!(
            "wrong type for value; expected string; got {}",
            crate::funcs::go_type(first)
        ));
    };
    match simple(format, &args[1..]) {
        Some(s) => Ok(Value::from(s)),
        None => general(args),
    }
}

/// The fast path; `None` when the format needs the full implementation.
fn simple(format: &str, operands: &[Value]) -> Option<String> {
    let mut out = String::with_capacity(format.len() + 16);
    let mut next = operands.iter();
    let mut rest = format;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let verb = rest.as_bytes().get(i + 1).copied()?;
        rest = &rest[i + 2..];
        if verb == b'%' {
            out.push('%');
            continue;
        }
        let arg = next.next()?;
        match (verb, arg) {
            (b's' | b'v', Value::String(s)) => out.push_str(s),
            (b'd' | b'v', Value::Int(n)) => out.push_str(&n.to_string()),
            (b'd' | b'v', Value::Uint(n)) => out.push_str(&n.to_string()),
            (b'v', Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            (b'v', Value::Float(f)) => out.push_str(&goprint::format_float(*f)),
            _ => return None,
        }
    }
    if next.next().is_some() {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

thread_local! {
    /// `{{printf .F .A0 .A1 ...}}` by operand count.
    static CALLS: RefCell<HashMap<usize, gotmpl::Template>> = RefCell::new(HashMap::new());
}

fn general(args: &[Value]) -> Builtin {
    let n = args.len() - 1;
    let mut data: BTreeMap<Arc<str>, gotmpl::Value> = BTreeMap::new();
    data.insert(Arc::from("F"), args[0].to_gotmpl());
    for (i, a) in args[1..].iter().enumerate() {
        data.insert(Arc::from(format!("A{i}")), a.to_gotmpl());
    }
    let data = gotmpl::Value::Map(Arc::new(data));
    CALLS.with(|calls| {
        let mut calls = calls.borrow_mut();
        let t = match calls.entry(n) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut text = String::from("{{printf .F");
                for i in 0..n {
                    text.push_str(&format!(" .A{i}"));
                }
                text.push_str("}}");
                let t = gotmpl::Template::new("printf")
                    .parse(&text)
                    .map_err(|e| e.to_string())?;
                e.insert(t)
            }
        };
        t.execute_to_string(&data)
            .map(Value::from)
            .map_err(|e| super::error::function_message(&e))
    })
}
