//! Hand-written schemas for fields whose Rust type does not say enough.

use schemars::{Schema, SchemaGenerator, json_schema};

/// A Go `int`: an integer without a `format` (Rust's `i64` would add `int64`).
pub(super) fn go_int(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer" })
}

/// Free-form Helm values: any JSON, kept as written by the API server.
pub(super) fn free_form(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "x-kubernetes-preserve-unknown-fields": true })
}
