//! Sprig's type inspection: `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`,
//! `deepEqual`, with the Go type names Helm's data has (`float64` for numbers
//! from YAML, `map[string]interface {}`, `[]interface {}`).

use super::FuncMap;
use crate::engine::value::Value;

use super::{add, arity, deep_equal, go_type, kind, s, str_arg};

pub(super) fn register(m: &mut FuncMap) {
    add(m, "typeOf", |n, a| {
        arity(n, a, 1)?;
        Ok(s(go_type(&a[0])))
    });
    add(m, "typeIs", |n, a| {
        arity(n, a, 2)?;
        Ok(Value::Bool(str_arg(n, a, 0)? == go_type(&a[1])))
    });
    add(m, "typeIsLike", |n, a| {
        arity(n, a, 2)?;
        let target = str_arg(n, a, 0)?;
        let t = go_type(&a[1]);
        Ok(Value::Bool(target == t || format!("*{target}") == t))
    });
    add(m, "kindOf", |n, a| {
        arity(n, a, 1)?;
        Ok(s(kind(&a[0])))
    });
    add(m, "kindIs", |n, a| {
        arity(n, a, 2)?;
        Ok(Value::Bool(str_arg(n, a, 0)? == kind(&a[1])))
    });
    add(m, "deepEqual", |n, a| {
        arity(n, a, 2)?;
        Ok(Value::Bool(deep_equal(&a[0], &a[1])))
    });
}
