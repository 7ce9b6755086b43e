//! `PUT` on an object or its `status`: replace it, with optimistic concurrency.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::write::{self, Part, carry_metadata, check_identity, check_precondition, list_schema};
use super::{Ctx, respond_json};
use crate::error::{ApiError, Result};
use crate::meta;
use crate::store::ObjectKey;

/// Replaces an object (or its status).
pub fn update(ctx: &Ctx, body: Value) -> Result<Response> {
    let mut new = body;
    check_identity(ctx, &mut new)?;
    let part = if ctx.path.subresource.is_some() {
        Part::Status
    } else {
        Part::Main
    };
    let now = meta::now();
    let mut state = ctx.app.store.lock();
    let name = ctx.path.name.clone().unwrap_or_default();
    let old = state
        .get(&ctx.gr(), &ObjectKey::new(ctx.namespace(), &name))
        .map(|o| o.value())
        .ok_or_else(|| ApiError::not_found(&ctx.info.group, &ctx.info.plural, &name))?;
    check_precondition(ctx, &old, &new)?;
    carry_metadata(ctx, &old, &mut new, part);
    let current = ctx.present_cow(&old);
    write::validate(ctx, &mut new, Some(&current))?;
    let new = crate::patch::track_update(
        Some(&*current),
        &new,
        &ctx.manager(),
        part.subresource(),
        &list_schema(ctx),
        &now,
    );
    let out = write::commit_update(ctx, &mut state, &old, new);
    Ok(respond_json(StatusCode::OK, out))
}
