//! `namePrefix` / `nameSuffix`: rename resources (except CRDs, APIServices
//! and Namespaces) and remember the old id for name references.

use serde_yaml::Value;

use crate::config::{FieldSpec, apply as walk};
use crate::error::BuildError;
use crate::resource::Resource;

fn skipped(r: &Resource) -> bool {
    let id = r.org_id();
    matches!(
        id.gvk.kind.as_str(),
        "CustomResourceDefinition" | "Namespace"
    ) || (id.gvk.kind == "APIService" && id.gvk.group == "apiregistration.k8s.io")
}

pub(super) fn apply(
    resources: &mut [Resource],
    prefix: Option<&str>,
    suffix: Option<&str>,
    specs: &[FieldSpec],
) -> Result<(), BuildError> {
    let (pre, suf) = (prefix.unwrap_or(""), suffix.unwrap_or(""));
    for r in resources.iter_mut() {
        if skipped(r) {
            continue;
        }
        let org = r.org_id();
        for spec in specs {
            if !org.gvk.is_selected(&spec.gvk) {
                continue;
            }
            if spec.path_text == "metadata/name" {
                if let Some(p) = prefix {
                    r.prefixes.push(p.to_string());
                }
                if let Some(s) = suffix {
                    r.suffixes.push(s.to_string());
                }
                if !pre.is_empty() || !suf.is_empty() {
                    r.store_previous_id();
                }
            }
            let gvk = r.gvk();
            walk(&mut r.value, &gvk, spec, None, &mut |node| {
                let Some(cur) = crate::yaml::scalar_string(node) else {
                    return Err(BuildError::config(
                        "expected a scalar for a name prefix or suffix",
                    ));
                };
                *node = Value::from(format!("{pre}{cur}{suf}"));
                Ok(())
            })?;
        }
    }
    Ok(())
}
