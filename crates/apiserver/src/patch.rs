//! Pure merge semantics of the API server: JSON patch (RFC 6902), JSON merge patch
//! (RFC 7386), strategic merge patch and server-side apply with `managedFields`.
//! Everything here works on `serde_json::Value` and does no I/O.

mod apply;
mod builtin;
mod fieldpath;
mod json_patch;
mod managed;
mod merge_patch;
mod schema;
mod strategic;
mod typed;

pub use apply::{server_side_apply, track_update};
pub use fieldpath::{FieldSet, PathElement};
pub use json_patch::json_patch;
pub use merge_patch::merge_patch;
pub use schema::ListSchema;
pub use strategic::strategic_merge_patch;

/// Deepest nesting of objects and arrays any function here walks into; deeper input is
/// rejected instead of risking the stack.
pub const MAX_DEPTH: usize = 256;

/// Why a patch could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// The patch document itself is not of the expected shape.
    #[error("invalid patch: {0}")]
    Invalid(String),
    /// A JSON patch operation refers to a path that does not exist.
    #[error("path '{path}' does not exist")]
    PathNotFound {
        /// The JSON pointer that was not found.
        path: String,
    },
    /// A JSON patch `test` operation found a different value.
    #[error("test failed at path '{path}': value differs")]
    TestFailed {
        /// The JSON pointer that was tested.
        path: String,
    },
    /// The document or patch nests deeper than [`MAX_DEPTH`].
    #[error("nesting deeper than {MAX_DEPTH} levels at '{path}'")]
    TooDeep {
        /// Where the limit was hit.
        path: String,
    },
}

/// One field that an apply would take from another manager.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldConflict {
    /// The manager that owns the field now.
    pub manager: String,
    /// The field as kube-apiserver prints it, like `.spec.replicas` or
    /// `.spec.containers[name="app"].image`.
    pub field: String,
    /// The owning entry's operation, `Apply` or `Update`.
    pub operation: String,
    /// The owning entry's API version.
    pub api_version: String,
    /// The owning entry's subresource, if any.
    pub subresource: Option<String>,
}

impl FieldConflict {
    /// The owner as kube-apiserver names it in conflict messages: `"kubectl"`,
    /// `"kube-controller-manager" using apps/v1`, `"x" with subresource "status"`.
    pub fn owner(&self) -> String {
        let mut out = format!("{:?}", self.manager);
        if let Some(sub) = &self.subresource {
            out.push_str(&format!(" with subresource {sub:?}"));
        }
        if self.operation == "Update" {
            out.push_str(&format!(" using {}", self.api_version));
        }
        out
    }
}

/// Why a server-side apply was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// Fields the apply sets to new values are owned by other managers (and force is off).
    #[error("{}", conflict_message(.conflicts))]
    Conflict {
        /// Every conflicting field with its current owner.
        conflicts: Vec<FieldConflict>,
    },
    /// The applied configuration or the live object cannot be processed.
    #[error("invalid object: {0}")]
    Invalid(String),
    /// The object nests deeper than [`MAX_DEPTH`]; the message says where.
    #[error("{0}")]
    TooDeep(String),
}

/// The message kube-apiserver gives for apply conflicts, e.g.
/// `Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas`; several
/// conflicts are grouped by owner, one `- <field>` line each.
fn conflict_message(conflicts: &[FieldConflict]) -> String {
    if let [c] = conflicts {
        return format!(
            "Apply failed with 1 conflict: conflict with {}: {}",
            c.owner(),
            c.field
        );
    }
    let mut owners: Vec<String> = conflicts.iter().map(FieldConflict::owner).collect();
    owners.sort();
    owners.dedup();
    let mut lines = Vec::new();
    for owner in owners {
        lines.push(format!("conflicts with {owner}:"));
        for c in conflicts.iter().filter(|c| c.owner() == owner) {
            lines.push(format!("- {}", c.field));
        }
    }
    format!(
        "Apply failed with {} conflicts: {}",
        conflicts.len(),
        lines.join("\n")
    )
}

#[cfg(test)]
mod tests;
