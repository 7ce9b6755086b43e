//! Label and annotation transformers: set map entries at each field spec.

use serde_yaml::{Mapping, Value};

use crate::config::{FieldSpec, apply as walk};
use crate::error::BuildError;
use crate::resource::Resource;

pub(super) fn apply(
    resources: &mut [Resource],
    entries: &[(String, String)],
    specs: &[FieldSpec],
) -> Result<(), BuildError> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut sorted = entries.to_vec();
    sorted.sort();
    let empty = Value::Mapping(Mapping::new());
    for r in resources.iter_mut() {
        let gvk = r.gvk();
        for spec in specs {
            walk(&mut r.value, &gvk, spec, Some(&empty), &mut |node| {
                if node.is_null() {
                    *node = Value::Mapping(Mapping::new());
                }
                let Some(m) = node.as_mapping_mut() else {
                    return Err(BuildError::config(
                        "expected a map to set labels or annotations",
                    ));
                };
                for (k, v) in &sorted {
                    m.insert(Value::from(k.as_str()), Value::from(v.as_str()));
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}
