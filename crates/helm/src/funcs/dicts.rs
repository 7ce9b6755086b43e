//! Sprig's dictionary functions, including `merge`/`mergeOverwrite` with mergo's
//! rules (empty values are filled, maps merge deeply, lists replace whole).
//!
//! `set`, `unset` and `merge` change their first argument in place, as in Go,
//! and return it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::FuncMap;
use crate::engine::value::Value;

use super::{
    add, arity, arity_min, fail, go_type, is_empty, list, map, map_arg, s, str_arg, strval,
};

/// Why `set` or `merge` refused to store a map inside itself.
const CYCLE: &str = "a map cannot contain itself";

pub(super) fn register(m: &mut FuncMap) {
    add(m, "dict", |_, a| {
        let mut out = BTreeMap::new();
        for pair in a.chunks(2) {
            let value = pair.get(1).cloned().unwrap_or_else(|| s(""));
            out.insert(Arc::from(strval(&pair[0])), value);
        }
        Ok(map(out))
    });
    add(m, "get", |n, a| {
        arity(n, a, 2)?;
        let d = map_arg(n, a, 0)?;
        Ok(d.get(str_arg(n, a, 1)?).cloned().unwrap_or_else(|| s("")))
    });
    add(m, "set", |n, a| {
        arity(n, a, 3)?;
        // Go checks the arguments in order: the map before the key.
        if !matches!(a[0], Value::Map(_)) {
            map_arg(n, a, 0)?;
        }
        let key = Arc::from(str_arg(n, a, 1)?);
        match &a[0] {
            Value::Map(d) => {
                if d.reached_from(&a[2]) {
                    return Err(fail(n, CYCLE));
                }
                d.insert(key, a[2].clone());
                Ok(a[0].clone())
            }
            _ => {
                let mut d = map_arg(n, a, 0)?.clone();
                d.insert(key, a[2].clone());
                Ok(map(d))
            }
        }
    });
    add(m, "unset", |n, a| {
        arity(n, a, 2)?;
        if !matches!(a[0], Value::Map(_)) {
            map_arg(n, a, 0)?;
        }
        let key = str_arg(n, a, 1)?;
        match &a[0] {
            Value::Map(d) => {
                d.remove(key);
                Ok(a[0].clone())
            }
            _ => {
                let mut d = map_arg(n, a, 0)?.clone();
                d.remove(key);
                Ok(map(d))
            }
        }
    });
    add(m, "hasKey", |n, a| {
        arity(n, a, 2)?;
        Ok(Value::Bool(
            map_arg(n, a, 0)?.contains_key(str_arg(n, a, 1)?),
        ))
    });
    add(m, "pluck", |n, a| {
        arity_min(n, a, 1)?;
        let key = str_arg(n, a, 0)?;
        let mut out = Vec::new();
        for i in 1..a.len() {
            if let Some(v) = map_arg(n, a, i)?.get(key) {
                out.push(v.clone());
            }
        }
        Ok(list(out))
    });
    add(m, "keys", |n, a| {
        let mut out = Vec::new();
        for i in 0..a.len() {
            out.extend(map_arg(n, a, i)?.keys().map(|k| Value::String(k.clone())));
        }
        Ok(list(out))
    });
    add(m, "values", |n, a| {
        arity(n, a, 1)?;
        Ok(list(map_arg(n, a, 0)?.values().cloned().collect()))
    });
    add(m, "pick", |n, a| {
        arity_min(n, a, 1)?;
        let d = map_arg(n, a, 0)?;
        let mut out = BTreeMap::new();
        for i in 1..a.len() {
            let k = str_arg(n, a, i)?;
            if let Some((key, v)) = d.get_key_value(k) {
                out.insert(key.clone(), v.clone());
            }
        }
        Ok(map(out))
    });
    add(m, "omit", |n, a| {
        arity_min(n, a, 1)?;
        let mut d = map_arg(n, a, 0)?.clone();
        for i in 1..a.len() {
            d.remove(str_arg(n, a, i)?);
        }
        Ok(map(d))
    });
    for (name, overwrite) in [
        ("merge", false),
        ("mustMerge", false),
        ("mergeOverwrite", true),
        ("mustMergeOverwrite", true),
    ] {
        add(m, name, move |n, a| {
            arity_min(n, a, 1)?;
            let mut dst = map_arg(n, a, 0)?.clone();
            for i in 1..a.len() {
                // A copy, so no borrow of a source is held while nested
                // destination maps change.
                let src = map_arg(n, a, i)?.clone();
                merge_into(&mut dst, &src, overwrite);
            }
            // In place, as mergo changes the destination map itself.
            match &a[0] {
                Value::Map(d) => {
                    d.replace(dst);
                    if d.has_cycle() {
                        return Err(fail(n, CYCLE));
                    }
                    Ok(a[0].clone())
                }
                _ => Ok(map(dst)),
            }
        });
    }
    add(m, "dig", |n, a| {
        if a.len() < 3 {
            return Err(fail(n, "dig needs at least three arguments"));
        }
        let Value::Map(mut dict) = a[a.len() - 1].clone() else {
            return Err(fail(
                n,
                format!(
                    "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                    asserted_type(&a[a.len() - 1])
                ),
            ));
        };
        let default = &a[a.len() - 2];
        let keys = &a[..a.len() - 2];
        for (i, k) in keys.iter().enumerate() {
            let Value::String(k) = k else {
                return Err(fail(
                    n,
                    format!(
                        "interface conversion: interface {{}} is {}, not string",
                        asserted_type(k)
                    ),
                ));
            };
            let Some(step) = dict.get(k.as_ref()) else {
                return Ok(default.clone());
            };
            if i + 1 == keys.len() {
                return Ok(step);
            }
            match step {
                Value::Map(next) => dict = next,
                other => {
                    return Err(fail(
                        n,
                        format!(
                            "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                            asserted_type(&other)
                        ),
                    ));
                }
            }
        }
        Ok(default.clone())
    });
}

/// mergo's `Merge` (or `MergeWithOverwrite`) of `src` into `dst`.
pub(crate) fn merge_into(
    dst: &mut BTreeMap<Arc<str>, Value>,
    src: &BTreeMap<Arc<str>, Value>,
    overwrite: bool,
) {
    for (k, sv) in src {
        let dv = dst.get(k);
        let replace = match (sv, dv) {
            (Value::Nil, _) => overwrite,
            (Value::Map(sm), Some(Value::Map(dm))) => {
                // In place, as mergo changes the nested map itself.
                let src = sm.snapshot();
                let mut merged = dm.snapshot();
                merge_into(&mut merged, &src, overwrite);
                dm.replace(merged);
                false
            }
            (_, None) => true,
            (_, Some(dv)) => overwrite || is_empty(dv),
        };
        if replace {
            dst.insert(k.clone(), sv.clone());
        }
    }
}

/// The dynamic type a failed Go type assertion names: `nil` for a nil
/// interface (where `%T` would print `<nil>`).
fn asserted_type(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        other => go_type(other),
    }
}
