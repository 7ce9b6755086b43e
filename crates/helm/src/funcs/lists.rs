//! Sprig's list functions. Lists are Go `[]interface{}`; the `must` variants
//! return the error that the plain ones raise as a panic (both stop the render).

use super::FuncMap;
use crate::engine::value::Value;

use super::{
    FnResult, add, arity, arity_min, as_list, deep_equal, fail, int_arg, is_empty, kind, list,
    to_int64,
};

/// What Go reports when Sprig calls `reflect.TypeOf(nil).Kind()`: the list
/// functions look at their argument's type before any check of their own.
const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

/// The list `v`, or Sprig's error `refusal` with its `%s` the kind of `v`.
fn need_list<'a>(n: &str, refusal: &str, v: &'a Value) -> gotmpl::Result<&'a [Value]> {
    if matches!(v, Value::Nil) {
        return Err(fail(n, NIL_DEREF));
    }
    as_list(v).ok_or_else(|| fail(n, refusal.replace("%s", kind(v))))
}

/// Register `name` and `must<Name>` with the same behaviour.
fn both(m: &mut FuncMap, name: &str, f: fn(&str, &[Value]) -> FnResult) {
    add(m, name, f);
    let mut chars = name.chars();
    let must = match chars.next() {
        Some(c) => format!("must{}{}", c.to_uppercase(), chars.as_str()),
        None => return,
    };
    add(m, &must, f);
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "list", |_, a| Ok(list(a.to_vec())));
    add(m, "tuple", |_, a| Ok(list(a.to_vec())));
    for name in ["append", "push"] {
        both(m, name, |n, a| {
            arity(n, a, 2)?;
            let mut items = need_list(n, "Cannot push on type %s", &a[0])?.to_vec();
            items.push(a[1].clone());
            Ok(list(items))
        });
    }
    both(m, "prepend", |n, a| {
        arity(n, a, 2)?;
        let mut items = vec![a[1].clone()];
        items.extend_from_slice(need_list(n, "Cannot prepend on type %s", &a[0])?);
        Ok(list(items))
    });
    both(m, "first", |n, a| {
        arity(n, a, 1)?;
        Ok(need_list(n, "Cannot find first on type %s", &a[0])?
            .first()
            .cloned()
            .unwrap_or(Value::Nil))
    });
    both(m, "last", |n, a| {
        arity(n, a, 1)?;
        Ok(need_list(n, "Cannot find last on type %s", &a[0])?
            .last()
            .cloned()
            .unwrap_or(Value::Nil))
    });
    both(m, "rest", |n, a| {
        arity(n, a, 1)?;
        let items = need_list(n, "Cannot find rest on type %s", &a[0])?;
        Ok(list(items.get(1..).unwrap_or_default().to_vec()))
    });
    both(m, "initial", |n, a| {
        arity(n, a, 1)?;
        let items = need_list(n, "Cannot find initial on type %s", &a[0])?;
        Ok(list(items[..items.len().saturating_sub(1)].to_vec()))
    });
    both(m, "reverse", |n, a| {
        arity(n, a, 1)?;
        let mut items = need_list(n, "Cannot find reverse on type %s", &a[0])?.to_vec();
        items.reverse();
        Ok(list(items))
    });
    both(m, "uniq", |n, a| {
        arity(n, a, 1)?;
        let mut out: Vec<Value> = Vec::new();
        for item in need_list(n, "Cannot find uniq on type %s", &a[0])? {
            if !out.iter().any(|o| deep_equal(o, item)) {
                out.push(item.clone());
            }
        }
        Ok(list(out))
    });
    both(m, "compact", |n, a| {
        arity(n, a, 1)?;
        let items = need_list(n, "Cannot compact on type %s", &a[0])?;
        Ok(list(
            items.iter().filter(|i| !is_empty(i)).cloned().collect(),
        ))
    });
    both(m, "without", |n, a| {
        arity_min(n, a, 1)?;
        let items = need_list(n, "Cannot find without on type %s", &a[0])?;
        let omit = &a[1..];
        Ok(list(
            items
                .iter()
                .filter(|i| !omit.iter().any(|o| deep_equal(o, i)))
                .cloned()
                .collect(),
        ))
    });
    both(m, "has", |n, a| {
        arity(n, a, 2)?;
        if matches!(a[1], Value::Nil) {
            return Ok(Value::Bool(false));
        }
        let items = need_list(n, "Cannot find has on type %s", &a[1])?;
        Ok(Value::Bool(items.iter().any(|i| deep_equal(i, &a[0]))))
    });
    both(m, "slice", |n, a| {
        arity_min(n, a, 1)?;
        let items = need_list(n, "list should be type of slice or array but %s", &a[0])?;
        if items.is_empty() {
            return Ok(Value::Nil);
        }
        let len = items.len() as i64;
        let (start, end) = match &a[1..] {
            [] => (0, len),
            [s] => (to_int64(s), len),
            [s, e, ..] => (to_int64(s), to_int64(e)),
        };
        if start < 0 || end < start || end > len {
            return Err(fail(n, "reflect.Value.Slice: slice index out of bounds"));
        }
        Ok(list(items[start as usize..end as usize].to_vec()))
    });
    add(m, "concat", |n, a| {
        let mut out = Vec::new();
        for v in a {
            match v {
                Value::List(items) => out.extend_from_slice(items),
                Value::Nil => return Err(fail(n, NIL_DEREF)),
                other => {
                    return Err(fail(
                        n,
                        format!("Cannot concat type {} as list", kind(other)),
                    ));
                }
            }
        }
        Ok(list(out))
    });
    both(m, "chunk", |n, a| {
        arity(n, a, 2)?;
        let size = int_arg(n, a, 0)?;
        let items = need_list(n, "Cannot chunk type %s", &a[1])?;
        if size <= 0 {
            return Err(fail(n, "runtime error: integer divide by zero"));
        }
        Ok(list(
            items
                .chunks(size as usize)
                .map(|c| list(c.to_vec()))
                .collect(),
        ))
    });
}
