//! `GET` of one object and of collections (selectors, pagination).

use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use std::sync::Arc;

use super::{Ctx, respond, respond_json};
use crate::error::{ApiError, Result};
use crate::store::{ObjectKey, Stored};

/// Reads one object (or its status).
pub fn get(ctx: &Ctx) -> Result<Response> {
    let name = ctx.path.name.clone().unwrap_or_default();
    let obj = ctx
        .app
        .store
        .lock()
        .get(&ctx.gr(), &ObjectKey::new(ctx.namespace(), &name))
        .ok_or_else(|| ApiError::not_found(&ctx.info.group, &ctx.info.plural, &name))?;
    if ctx.wants_table() {
        let obj = ctx.render(&obj.value());
        return Ok(respond(
            StatusCode::OK,
            &crate::table::table(ctx, &[obj], true),
        ));
    }
    Ok(respond_json(StatusCode::OK, ctx.render_stored(&obj)))
}

fn encode_continue(key: &ObjectKey, rv: u64) -> String {
    URL_SAFE_NO_PAD.encode(json!({"rv": rv, "ns": key.namespace, "name": key.name}).to_string())
}

fn decode_continue(token: &str) -> Result<(ObjectKey, u64)> {
    let bad = || ApiError::BadRequest("invalid continue token".into());
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(bad)
    };
    let rv = v.get("rv").and_then(Value::as_u64).ok_or_else(bad)?;
    Ok((
        ObjectKey {
            namespace: s("ns")?,
            name: s("name")?,
        },
        rv,
    ))
}

/// Lists objects matching the selectors, one page at a time.
pub fn list(ctx: &Ctx) -> Result<Response> {
    let (items, meta) = collect(ctx)?;
    if ctx.wants_table() {
        let items: Vec<Value> = items.iter().map(|o| ctx.render(&o.value())).collect();
        let mut table = crate::table::table(ctx, &items, true);
        table["metadata"] = meta;
        return Ok(respond(StatusCode::OK, &table));
    }
    let (kind, api_version) = if ctx.wants_metadata() {
        (
            "PartialObjectMetadataList".to_owned(),
            "meta.k8s.io/v1".to_owned(),
        )
    } else {
        (
            format!("{}List", ctx.info.kind),
            ctx.info.api_version(ctx.version()),
        )
    };
    // The list is written around the stored bytes of its items.
    let head = json!({"kind": kind, "apiVersion": api_version, "metadata": meta}).to_string();
    let mut body = Vec::with_capacity(
        head.len() + 16 + items.iter().map(|o| o.json().len() + 1).sum::<usize>(),
    );
    body.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
    body.extend_from_slice(b",\"items\":[");
    for (i, obj) in items.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&ctx.render_stored(obj));
    }
    body.extend_from_slice(b"]}");
    Ok(respond_json(StatusCode::OK, body))
}

/// The matching objects of a list request and the list metadata.
pub fn collect(ctx: &Ctx) -> Result<(Vec<Arc<Stored>>, Value)> {
    let p = &ctx.params;
    let (after, list_rv) = match &p.continue_ {
        Some(token) => {
            let (key, rv) = decode_continue(token)?;
            (Some(key), Some(rv))
        }
        None => (None, None),
    };
    let state = ctx.app.store.lock();
    let rv = list_rv.unwrap_or_else(|| state.resource_version());
    let mut items = Vec::new();
    let mut last_key = None;
    let mut remaining = 0usize;
    let mut more = false;
    for (key, obj) in state.range(&ctx.gr(), ctx.path.namespace.as_deref(), after.as_ref()) {
        if !crate::selector::selects(&p.labels, &p.fields, key, obj) {
            continue;
        }
        if p.limit > 0 && items.len() >= p.limit {
            more = true;
            remaining += 1;
            continue;
        }
        items.push(obj.clone());
        last_key = Some(key.clone());
    }
    drop(state);
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if more && let Some(key) = last_key {
        meta["continue"] = json!(encode_continue(&key, rv));
        meta["remainingItemCount"] = json!(remaining);
    }
    Ok((items, meta))
}
