//! Sprig's defaults and flow functions: `default`, `empty`, `coalesce`, `all`,
//! `any`, `ternary`, `deepCopy`, with Go's zero-value notion of emptiness.

use super::FuncMap;
use crate::engine::value::Value;

use super::{add, arity, arity_min, bool_arg, fail, is_empty};

pub(super) fn register(m: &mut FuncMap) {
    add(m, "default", |n, a| {
        arity_min(n, a, 1)?;
        Ok(match a.get(1) {
            Some(given) if !is_empty(given) => given.clone(),
            _ => a[0].clone(),
        })
    });
    add(m, "empty", |n, a| {
        arity(n, a, 1)?;
        Ok(Value::Bool(is_empty(&a[0])))
    });
    add(m, "coalesce", |_, a| {
        Ok(a.iter()
            .find(|v| !is_empty(v))
            .cloned()
            .unwrap_or(Value::Nil))
    });
    add(m, "all", |_, a| {
        Ok(Value::Bool(a.iter().all(|v| !is_empty(v))))
    });
    add(m, "any", |_, a| {
        Ok(Value::Bool(a.iter().any(|v| !is_empty(v))))
    });
    add(m, "ternary", |n, a| {
        arity(n, a, 3)?;
        Ok(if bool_arg(n, a, 2)? {
            a[0].clone()
        } else {
            a[1].clone()
        })
    });
    for name in ["deepCopy", "mustDeepCopy"] {
        add(m, name, |n, a| {
            arity(n, a, 1)?;
            // copystructure asks reflect for the type of nil.
            if matches!(a[0], Value::Nil) {
                return Err(fail(n, "reflect: call of reflect.Value.Type on zero Value"));
            }
            Ok(a[0].deep_copy())
        });
    }
}
