//! Go's comparison functions: `eq` (any number of alternatives), `ne`, and the
//! ordered `lt`/`le`/`gt`/`ge`, with Go's kinds (ints and uints compare across
//! sign, ints never equal floats) and its errors.

use std::cmp::Ordering;

use super::builtins::Builtin;
use super::printf::format_one;
use crate::engine::value::Value;
use crate::funcs::go_type;

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    String,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) => Kind::Int,
        Value::Uint(_) => Kind::Uint,
        Value::Float(_) => Kind::Float,
        Value::String(_) | Value::Bytes(_) => Kind::String,
        Value::Nil | Value::List(_) | Value::Map(_) => Kind::Invalid,
    }
}

const BAD_TYPE: &str = "invalid type for comparison";

fn bad_comparison(a: &Value, b: &Value) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        go_type(a),
        go_type(b)
    )
}

fn int_uint(a: i64, b: u64) -> Ordering {
    if a < 0 {
        Ordering::Less
    } else {
        (a as u64).cmp(&b)
    }
}

fn equal(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (kind(a), kind(b));
    if ka != kb {
        return match (a, b) {
            (Value::Int(x), Value::Uint(y)) => Ok(int_uint(*x, *y).is_eq()),
            (Value::Uint(x), Value::Int(y)) => Ok(int_uint(*y, *x).is_eq()),
            (Value::Nil, _) | (_, Value::Nil) => Ok(false),
            _ => Err(bad_comparison(a, b)),
        };
    }
    Ok(match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Uint(x), Value::Uint(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (x @ (Value::String(_) | Value::Bytes(_)), y @ (Value::String(_) | Value::Bytes(_))) => {
            x.as_bytes() == y.as_bytes()
        }
        (Value::Nil, _) | (_, Value::Nil) => matches!((a, b), (Value::Nil, Value::Nil)),
        (Value::List(_), Value::List(_)) | (Value::Map(_), Value::Map(_)) => {
            return Err(format!(
                "non-comparable type {}: {}",
                format_one('s', b),
                go_type(b)
            ));
        }
        _ => {
            return Err(format!(
                "non-comparable types {}: {}, {}: {}",
                format_one('s', a),
                go_type(a),
                go_type(b),
                format_one('v', b),
            ));
        }
    })
}

/// `eq a b c...`: whether `a` equals any of the others.
pub(super) fn eq(args: &[Value]) -> Builtin {
    match args {
        [] => Err("wrong number of args for eq: want at least 1 got 0".into()),
        [_] => Err("missing argument for comparison".into()),
        [a, rest @ ..] => {
            for b in rest {
                if equal(a, b)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
    }
}

/// `ne a b`.
pub(super) fn ne(args: &[Value]) -> Builtin {
    match args {
        [a, b] => equal(a, b).map(|e| Value::Bool(!e)),
        _ => Err(format!(
            "wrong number of args for ne: want 2 got {}",
            args.len()
        )),
    }
}

fn order(a: &Value, b: &Value) -> Result<Ordering, String> {
    let (ka, kb) = (kind(a), kind(b));
    if ka == Kind::Invalid || kb == Kind::Invalid {
        return Err(BAD_TYPE.into());
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x.cmp(y)),
        (Value::Uint(x), Value::Uint(y)) => Ok(x.cmp(y)),
        (Value::Int(x), Value::Uint(y)) => Ok(int_uint(*x, *y)),
        (Value::Uint(x), Value::Int(y)) => Ok(int_uint(*y, *x).reverse()),
        (Value::String(x), Value::String(y)) => Ok(x.cmp(y)),
        (x @ (Value::String(_) | Value::Bytes(_)), y @ (Value::String(_) | Value::Bytes(_))) => {
            Ok(x.as_bytes().cmp(&y.as_bytes()))
        }
        (Value::Float(x), Value::Float(y)) => {
            // NaN: neither less nor equal, as Go's `<` and `==` say.
            Ok(x.partial_cmp(y).unwrap_or(Ordering::Greater))
        }
        (Value::Bool(_), Value::Bool(_)) => Err(BAD_TYPE.into()),
        _ => Err(bad_comparison(a, b)),
    }
}

/// `lt`, `le`, `gt`, `ge`.
pub(super) fn ordered(name: &str, args: &[Value], pred: fn(Ordering) -> bool) -> Builtin {
    match args {
        [a, b] => order(a, b).map(|o| Value::Bool(pred(o))),
        _ => Err(format!(
            "wrong number of args for {name}: want 2 got {}",
            args.len()
        )),
    }
}
