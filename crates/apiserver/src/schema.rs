//! Structural schemas of CRD versions: defaulting, pruning of unknown fields and
//! validation (types, enums, patterns, required, bounds), run on every write of a
//! custom resource.

pub(crate) mod builtin;
mod default;
mod validate;

use serde_json::Value;

use crate::error::Cause;

/// A CRD version's `openAPIV3Schema`, kept as JSON and walked on demand.
#[derive(Debug, Clone)]
pub struct Structural {
    root: Value,
}

impl Structural {
    /// Wraps an `openAPIV3Schema`.
    pub fn from_schema(schema: &Value) -> Self {
        Self {
            root: schema.clone(),
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

    /// Validates an object; each failure becomes a `Cause`.
    pub fn validate(&self, obj: &Value) -> Vec<Cause> {
        let mut causes = Vec::new();
        validate::validate(&self.root, obj, "", &mut causes, true);
        causes
    }
}
