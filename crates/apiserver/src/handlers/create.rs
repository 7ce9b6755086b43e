//! `POST` on a collection: create an object.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::write::{self, check_identity, check_namespace, init_metadata, list_schema};
use super::{Ctx, respond_json};
use crate::error::{ApiError, Result};
use crate::meta;
use crate::store::{ObjectKey, meta_str};

/// Creates an object.
pub fn create(ctx: &Ctx, body: Value) -> Result<Response> {
    if ctx.path.name.is_some() {
        return Err(ApiError::MethodNotAllowed(
            "create is not allowed on a named object".into(),
        ));
    }
    let mut obj = body;
    check_identity(ctx, &mut obj)?;
    let now = meta::now();
    init_metadata(ctx, &mut obj, &now);
    write::validate(ctx, &mut obj, None)?;
    let obj = crate::patch::track_update(None, &obj, &ctx.manager(), None, &list_schema(ctx), &now);
    let mut state = ctx.app.store.lock();
    check_namespace(ctx, &state)?;
    if state.get(&ctx.gr(), &ObjectKey::of(&obj)).is_some() {
        return Err(ApiError::already_exists(
            &ctx.info.group,
            &ctx.info.plural,
            meta_str(&obj, "name"),
        ));
    }
    let out = write::commit_create(ctx, &mut state, obj);
    Ok(respond_json(StatusCode::CREATED, out))
}
