//! `replicas:`: set the replica count of the named workloads.

use serde_yaml::Value;

use crate::config::{FieldSpec, apply as walk};
use crate::error::BuildError;
use crate::resource::Resource;

pub(super) fn apply(
    resources: &mut [Resource],
    name: &str,
    count: i64,
    specs: &[FieldSpec],
) -> Result<(), BuildError> {
    let zero = Value::from(0);
    for r in resources.iter_mut() {
        if !r.all_ids().iter().any(|id| id.name == name) {
            continue;
        }
        let gvk = r.gvk();
        for spec in specs {
            walk(&mut r.value, &gvk, spec, Some(&zero), &mut |node| {
                *node = Value::from(count);
                Ok(())
            })?;
        }
    }
    Ok(())
}
