//! Structural schemas of CRD versions: defaulting, pruning of unknown fields,
//! validation (types, enums, patterns, required, bounds) and CEL validation rules,
//! run on every write of a custom resource.

pub(crate) mod builtin;
pub mod cel;
mod default;
mod validate;

use std::sync::Arc;

use serde_json::Value;

use crate::error::Cause;

/// Cause types of schema failures after which kube-apiserver does not evaluate CEL
/// rules (the object is too far off its schema for them to make sense).
const BLOCKING: &[&str] = &[
    "FieldValueNotSupported",
    "FieldValueRequired",
    "FieldValueTooLong",
    "FieldValueTooMany",
    "FieldValueTypeInvalid",
];

/// A CRD version's `openAPIV3Schema`, kept as JSON and walked on demand.
#[derive(Debug, Clone)]
pub struct Structural {
    root: Value,
    rules: Option<Arc<cel::Validator>>,
}

impl Structural {
    /// Wraps an `openAPIV3Schema`.
    pub fn from_schema(schema: &Value) -> Self {
        Self {
            root: schema.clone(),
            rules: cel::Validator::compile(schema),
        }
    }

    /// The raw schema.
    pub fn raw(&self) -> &Value {
        &self.root
    }

    /// Prunes unknown fields (unless preserved) and applies defaults, in that order,
    /// like kube-apiserver does on decoding. `apiVersion`, `kind` and `metadata` at the
    /// root are never pruned. Returns the dotted paths of pruned fields.
    pub fn prune_and_default(&self, obj: &mut Value) -> Vec<String> {
        let removed = default::prune(&self.root, obj, true);
        default::apply_defaults(&self.root, obj);
        removed
    }

    /// Validates an object against the schema and then its CEL rules (with the
    /// previous version on updates); each failure becomes a `Cause`, and the returned
    /// warnings go to the client.
    pub fn validate(&self, obj: &Value, old: Option<&Value>) -> (Vec<Cause>, Vec<String>) {
        let mut causes = Vec::new();
        validate::validate(&self.root, obj, "", &mut causes, true);
        let Some(rules) = &self.rules else {
            return (causes, Vec::new());
        };
        if causes.iter().any(|c| BLOCKING.contains(&c.reason.as_str())) {
            causes.push(Cause::new(
                "FieldValueInvalid",
                "<nil>",
                "Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
            ));
            return (causes, Vec::new());
        }
        let outcome = rules.validate(obj, old);
        causes.extend(outcome.causes);
        (causes, outcome.warnings)
    }
}
