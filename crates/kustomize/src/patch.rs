//! Patch engines: strategic merge patch (Kubernetes semantics for built-in
//! types, name-keyed inference for others) and JSON 6902.

pub mod json6902;
pub mod merge_keys;
pub mod schema;
pub mod smp;

/// Errors while applying a patch.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    /// A JSON 6902 operation is malformed.
    #[error("invalid json patch operation {index}: {message}")]
    InvalidOperation {
        /// Position in the patch.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// A JSON 6902 path does not exist in the document.
    #[error("json patch path '{path}' not found: {message}")]
    PathNotFound {
        /// The JSON pointer.
        path: String,
        /// Detail.
        message: String,
    },
    /// A `test` operation failed.
    #[error("json patch test failed at '{0}'")]
    TestFailed(String),
    /// A strategic merge directive is invalid.
    #[error("invalid strategic merge patch: {0}")]
    InvalidDirective(String),
    /// The patch document itself cannot be used.
    #[error("invalid patch: {0}")]
    Invalid(String),
}
