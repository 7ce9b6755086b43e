//! `DELETE` of an object or a collection: preconditions, propagation policy, dry run.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Ctx, body, respond};
use crate::error::{ApiError, Result};
use crate::meta;
use crate::store::lifecycle::{Deleted, Propagation, mark_for_deletion};
use crate::store::{ObjectKey, State, meta_str};

/// DeleteOptions from the body and the query.
struct Options {
    propagation: Propagation,
    dry_run: bool,
    uid: Option<String>,
    resource_version: Option<String>,
}

fn options(ctx: &Ctx, bytes: &[u8]) -> Result<Options> {
    let opts = if bytes.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        body::json(bytes)?
    };
    let policy = opts
        .get("propagationPolicy")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| ctx.params.propagation_policy.clone());
    let propagation = match policy {
        Some(p) => Propagation::parse(&p).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "Unsupported value: \"{p}\": supported values: \"Foreground\", \"Background\", \"Orphan\""
            ))
        })?,
        None if opts.get("orphanDependents").and_then(Value::as_bool) == Some(true) => {
            Propagation::Orphan
        }
        None => Propagation::Background,
    };
    let dry_run = ctx.params.dry_run
        || opts
            .get("dryRun")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v == "All"));
    let pre = |f: &str| {
        opts.pointer(&format!("/preconditions/{f}"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Ok(Options {
        propagation,
        dry_run,
        uid: pre("uid"),
        resource_version: pre("resourceVersion"),
    })
}

fn success(ctx: &Ctx, obj: &Value) -> Value {
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": {
            "name": meta_str(obj, "name"),
            "group": ctx.info.group,
            "kind": ctx.info.plural,
            "uid": meta_str(obj, "uid"),
        },
    })
}

fn delete_one(
    ctx: &Ctx,
    state: &mut State,
    key: &ObjectKey,
    opts: &Options,
    now: &str,
) -> Result<(bool, Value)> {
    let current = state
        .get(&ctx.gr(), key)
        .map(|o| o.value())
        .ok_or_else(|| ApiError::not_found(&ctx.info.group, &ctx.info.plural, &key.name))?;
    let conflict =
        |why: String| ApiError::conflict(&ctx.info.group, &ctx.info.plural, &key.name, &why);
    if let Some(uid) = &opts.uid
        && uid != meta_str(&current, "uid")
    {
        return Err(conflict(format!(
            "Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
            meta_str(&current, "uid")
        )));
    }
    if let Some(rv) = &opts.resource_version
        && rv != meta_str(&current, "resourceVersion")
    {
        return Err(conflict(format!(
            "Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {}",
            meta_str(&current, "resourceVersion")
        )));
    }
    if opts.dry_run {
        return Ok(
            match mark_for_deletion(&ctx.gr(), &current, opts.propagation, now) {
                None => (true, ctx.present(&current)),
                Some(marked) => (false, ctx.present(&marked)),
            },
        );
    }
    let outcome = state
        .delete(&ctx.gr(), key, opts.propagation, now)
        .ok_or_else(|| ApiError::not_found(&ctx.info.group, &ctx.info.plural, &key.name))?;
    ctx.app.store.gc_wake.notify_one();
    Ok(match outcome {
        Deleted::Gone(last) => (true, ctx.present(&last.value())),
        Deleted::Pending(obj) => (false, ctx.present(&obj.value())),
    })
}

/// Deletes one object.
pub fn delete(ctx: &Ctx, bytes: &[u8]) -> Result<Response> {
    let opts = options(ctx, bytes)?;
    let key = ObjectKey::new(
        ctx.namespace(),
        ctx.path.name.as_deref().unwrap_or_default(),
    );
    let now = meta::now();
    let mut state = ctx.app.store.lock();
    let (gone, obj) = delete_one(ctx, &mut state, &key, &opts, &now)?;
    if gone && !ctx.info.custom {
        return Ok(respond(StatusCode::OK, &success(ctx, &obj)));
    }
    Ok(respond(StatusCode::OK, &obj))
}

/// Deletes every object of a collection matching the selectors.
pub fn delete_collection(ctx: &Ctx, bytes: &[u8]) -> Result<Response> {
    let opts = options(ctx, bytes)?;
    let now = meta::now();
    let mut state = ctx.app.store.lock();
    let keys: Vec<ObjectKey> = state
        .range(&ctx.gr(), ctx.path.namespace.as_deref(), None)
        .filter(|(k, o)| crate::selector::selects(&ctx.params.labels, &ctx.params.fields, k, o))
        .map(|(k, _)| k.clone())
        .collect();
    let mut items = Vec::new();
    for key in keys {
        let (_, obj) = delete_one(ctx, &mut state, &key, &opts, &now)?;
        items.push(obj);
    }
    let body = json!({
        "kind": format!("{}List", ctx.info.kind),
        "apiVersion": ctx.info.api_version(ctx.version()),
        "metadata": {"resourceVersion": state.resource_version().to_string()},
        "items": items,
    });
    Ok(respond(StatusCode::OK, &body))
}
