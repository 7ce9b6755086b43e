//! `PATCH`: JSON patch, JSON merge patch, strategic merge patch and server-side apply,
//! on objects and on `/status`. The merge semantics live in [`crate::patch`].

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::write::{
    self, Part, carry_metadata, check_identity, check_namespace, check_precondition, init_metadata,
    list_schema,
};
use super::{Ctx, body, respond_json};
use crate::error::{ApiError, Cause, Result};
use crate::meta;
use crate::patch::{ApplyError, PatchError};
use crate::store::{ObjectKey, State};

fn patch_error(ctx: &Ctx, e: PatchError) -> ApiError {
    match e {
        PatchError::Invalid(_) | PatchError::TooDeep { .. } => ApiError::BadRequest(e.to_string()),
        other => ApiError::invalid(
            &ctx.info.group,
            &ctx.info.kind,
            ctx.path.name.as_deref().unwrap_or_default(),
            vec![Cause::new("FieldValueInvalid", "", other.to_string())],
        ),
    }
}

fn apply_error(ctx: &Ctx, e: ApplyError) -> ApiError {
    let name = ctx.path.name.clone().unwrap_or_default();
    match e {
        ApplyError::Conflict { ref conflicts } => ApiError::Conflict {
            message: e.to_string(),
            subject: crate::error::Subject::new(&ctx.info.group, &ctx.info.plural, &name),
            causes: conflicts
                .iter()
                .map(|c| {
                    Cause::new(
                        "FieldManagerConflict",
                        &c.field,
                        format!("conflict with \"{}\"", c.manager),
                    )
                })
                .collect(),
        },
        other => ApiError::invalid(
            &ctx.info.group,
            &ctx.info.kind,
            &name,
            vec![Cause::new("FieldValueInvalid", "", other.to_string())],
        ),
    }
}

/// Patches an object (or its status).
pub fn patch(ctx: &Ctx, bytes: &[u8]) -> Result<Response> {
    let media = body::media_type(&ctx.headers);
    let part = if ctx.path.subresource.is_some() {
        Part::Status
    } else {
        Part::Main
    };
    if media == "application/apply-patch+yaml" || media == "application/apply-patch+json" {
        return apply(ctx, bytes, part);
    }
    let patch = match media.as_str() {
        "application/json-patch+json"
        | "application/merge-patch+json"
        | "application/strategic-merge-patch+json" => body::json(bytes)?,
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "the body of the request was in an unknown format ({other}) - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"
            )));
        }
    };
    if media == "application/strategic-merge-patch+json" && ctx.info.custom {
        return Err(ApiError::UnsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml".into(),
        ));
    }
    let now = meta::now();
    let mut state = ctx.app.store.lock();
    let old = live(ctx, &state)?;
    let current = ctx.present_cow(&old);
    let mut new = match media.as_str() {
        "application/json-patch+json" => crate::patch::json_patch(&current, &patch),
        "application/merge-patch+json" => crate::patch::merge_patch(&current, &patch),
        _ => crate::patch::strategic_merge_patch(&current, &patch, &list_schema(ctx)),
    }
    .map_err(|e| patch_error(ctx, e))?;
    check_identity(ctx, &mut new)?;
    check_precondition(ctx, &old, &new)?;
    carry_metadata(ctx, &old, &mut new, part);
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

fn live(ctx: &Ctx, state: &State) -> Result<Value> {
    let name = ctx.path.name.clone().unwrap_or_default();
    state
        .get(&ctx.gr(), &ObjectKey::new(ctx.namespace(), &name))
        .map(|o| o.value())
        .ok_or_else(|| ApiError::not_found(&ctx.info.group, &ctx.info.plural, &name))
}

/// Server-side apply: creates the object if absent.
fn apply(ctx: &Ctx, bytes: &[u8], part: Part) -> Result<Response> {
    let Some(manager) = ctx.params.field_manager.clone() else {
        return Err(ApiError::BadRequest(
            "PATCH, application/apply-patch+yaml requires fieldManager to be set".into(),
        ));
    };
    let mut applied = body::yaml(bytes)?;
    if !applied.is_object() {
        return Err(ApiError::BadRequest(
            "the applied configuration must be an object".into(),
        ));
    }
    check_identity(ctx, &mut applied)?;
    let now = meta::now();
    let schema = list_schema(ctx);
    let force = ctx.params.force;
    let mut state = ctx.app.store.lock();
    let name = ctx.path.name.clone().unwrap_or_default();
    let Some(old) = state
        .get(&ctx.gr(), &ObjectKey::new(ctx.namespace(), &name))
        .map(|o| o.value())
    else {
        if part == Part::Status {
            return Err(ApiError::not_found(
                &ctx.info.group,
                &ctx.info.plural,
                &name,
            ));
        }
        let mut obj =
            crate::patch::server_side_apply(None, &applied, &manager, force, None, &schema, &now)
                .map_err(|e| apply_error(ctx, e))?;
        init_metadata(ctx, &mut obj, &now);
        write::validate(ctx, &mut obj, None)?;
        check_namespace(ctx, &state)?;
        let out = write::commit_create(ctx, &mut state, obj);
        return Ok(respond_json(StatusCode::CREATED, out));
    };
    check_precondition(ctx, &old, &applied)?;
    let current = ctx.present_cow(&old);
    let mut new = crate::patch::server_side_apply(
        Some(&*current),
        &applied,
        &manager,
        force,
        part.subresource(),
        &schema,
        &now,
    )
    .map_err(|e| apply_error(ctx, e))?;
    carry_metadata(ctx, &old, &mut new, part);
    write::validate(ctx, &mut new, Some(&current))?;
    let out = write::commit_update(ctx, &mut state, &old, new);
    Ok(respond_json(StatusCode::OK, out))
}
