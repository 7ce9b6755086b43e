//! `replacements`: copy a field of a source object into fields of target
//! objects, with delimiter/index options and create support.

use serde_yaml::Value;

use crate::build::Ctx;
use crate::error::BuildError;
use crate::resource::Resource;
use crate::yaml;

/// Expands `path:` entries (files holding lists of replacements).
pub(crate) fn load(ctx: &Ctx<'_>, dir: &str, list: &[Value]) -> Result<Vec<Value>, BuildError> {
    let mut out = Vec::new();
    for r in list {
        if let Some(p) = yaml::str_at(r, &["path"]) {
            let (text, path) = ctx.load_file(dir, p)?;
            for doc in yaml::parse_stream(&text, &path)? {
                match doc {
                    Value::Sequence(items) => out.extend(items.into_iter().map(canonical)),
                    other => out.push(canonical(other)),
                }
            }
        } else {
            out.push(r.clone());
        }
    }
    Ok(out)
}

fn canonical(mut v: Value) -> Value {
    crate::kustomization::canonical_replacement(&mut v);
    v
}

/// Applies replacements in order.
pub(crate) fn apply(resources: &mut [Resource], list: &[Value]) -> Result<(), BuildError> {
    for r in list {
        apply_one(resources, r)?;
    }
    Ok(())
}

mod engine;
use engine::apply_one;
