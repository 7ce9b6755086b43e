//! Sprig's `semver` and `semverCompare` on Masterminds/semver v3 rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::FuncMap;
use crate::engine::value::Value;

use super::{add, arity, fail, map, s, str_arg};
use crate::semver_range::{Version, satisfies};

pub(super) fn register(m: &mut FuncMap) {
    add(m, "semver", |n, a| {
        arity(n, a, 1)?;
        let v = Version::parse(str_arg(n, a, 0)?).map_err(|e| fail(n, e))?;
        let mut out = BTreeMap::new();
        for (k, val) in [
            ("Major", Value::Int(v.major as i64)),
            ("Minor", Value::Int(v.minor as i64)),
            ("Patch", Value::Int(v.patch as i64)),
            ("Prerelease", s(&v.pre)),
            ("Metadata", s(&v.metadata)),
            ("Original", s(&v.original)),
        ] {
            out.insert(Arc::from(k), val);
        }
        Ok(map(out))
    });
    add(m, "semverCompare", |n, a| {
        arity(n, a, 2)?;
        satisfies(str_arg(n, a, 0)?, str_arg(n, a, 1)?)
            .map(Value::Bool)
            .map_err(|e| fail(n, e))
    });
}
