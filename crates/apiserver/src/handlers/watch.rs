//! Watch: a stream of JSON lines (`{"type": ..., "object": ...}`) starting at a
//! resourceVersion, with initial events (`sendInitialEvents` or legacy unset/`0`),
//! bookmarks, selector transitions, `timeoutSeconds`, and 410 for expired versions.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use super::Ctx;
use crate::error::{ApiError, Cause, Result};
use crate::store::watch::{Start, WatchError};
use crate::store::{EventType, ObjectKey, Stored, WatchEvent};

/// Longest a watch stays open when the client gives no `timeoutSeconds`.
const MAX_TIMEOUT: Duration = Duration::from_secs(1800);
/// How often an idle watch gets a bookmark when bookmarks are allowed.
const BOOKMARK_EVERY: Duration = Duration::from_secs(15);

enum Begin {
    /// Synthetic ADDED events for the current state, then live events.
    Initial { end_bookmark: bool },
    /// History after a resourceVersion, then live events.
    After(u64),
}

fn begin(ctx: &Ctx) -> Result<Begin> {
    let p = &ctx.params;
    let rv = match p.resource_version.as_deref() {
        None => None,
        Some(s) => Some(s.parse::<u64>().map_err(|_| {
            ApiError::BadRequest(format!(
                "invalid resourceVersion: \"{s}\" is not a valid resource version"
            ))
        })?),
    };
    match p.send_initial_events {
        Some(true) => {
            if !p.allow_bookmarks || p.resource_version_match.as_deref() != Some("NotOlderThan") {
                return Err(ApiError::invalid(
                    "",
                    "ListOptions",
                    "",
                    vec![Cause::new(
                        "FieldValueForbidden",
                        "sendInitialEvents",
                        "Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true and resourceVersionMatch to NotOlderThan",
                    )],
                ));
            }
            Ok(Begin::Initial { end_bookmark: true })
        }
        _ => match rv {
            None | Some(0) => Ok(Begin::Initial {
                end_bookmark: false,
            }),
            Some(rv) => Ok(Begin::After(rv)),
        },
    }
}

/// Filters events for one watcher.
struct Filter {
    ctx: Ctx,
}

impl Filter {
    fn passes(&self, key: &ObjectKey, obj: &Stored) -> bool {
        if let Some(ns) = &self.ctx.path.namespace
            && &key.namespace != ns
        {
            return false;
        }
        if let Some(name) = &self.ctx.path.name
            && &key.name != name
        {
            return false;
        }
        crate::selector::selects(&self.ctx.params.labels, &self.ctx.params.fields, key, obj)
    }

    /// The event type this watcher sees, if any.
    fn view(&self, e: &WatchEvent) -> Option<EventType> {
        if e.gr != self.ctx.gr() {
            return None;
        }
        let now = self.passes(&e.key, &e.object);
        let before = e
            .previous
            .as_deref()
            .is_some_and(|p| self.passes(&e.key, p));
        match e.type_ {
            EventType::Added => now.then_some(EventType::Added),
            EventType::Deleted => (now || before).then_some(EventType::Deleted),
            EventType::Modified => match (before, now) {
                (true, true) => Some(EventType::Modified),
                (false, true) => Some(EventType::Added),
                (true, false) => Some(EventType::Deleted),
                (false, false) => None,
            },
        }
    }
}

struct Encoder {
    table: bool,
    first: bool,
}

impl Encoder {
    fn line(&mut self, ctx: &Ctx, type_: &str, obj: &Value) -> Bytes {
        let object = if self.table && type_ != "ERROR" && type_ != "BOOKMARK" {
            let t = crate::table::table(ctx, std::slice::from_ref(obj), self.first);
            self.first = false;
            t
        } else {
            obj.clone()
        };
        let mut s = json!({"type": type_, "object": object}).to_string();
        s.push('\n');
        Bytes::from(s)
    }

    /// A line for a stored object, written around its stored bytes unless the
    /// client needs a table or another rendering.
    fn stored(&mut self, ctx: &Ctx, type_: &str, obj: &Stored) -> Bytes {
        if self.table {
            return self.line(ctx, type_, &ctx.render(&obj.value()));
        }
        let object = ctx.render_stored(obj);
        let mut s = Vec::with_capacity(object.len() + 32);
        s.extend_from_slice(b"{\"type\":\"");
        s.extend_from_slice(type_.as_bytes());
        s.extend_from_slice(b"\",\"object\":");
        s.extend_from_slice(&object);
        s.extend_from_slice(b"}\n");
        Bytes::from(s)
    }
}

fn bookmark(ctx: &Ctx, rv: u64, end: bool) -> Value {
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if end {
        meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    json!({"kind": ctx.info.kind, "apiVersion": ctx.info.api_version(ctx.version()), "metadata": meta})
}

/// Starts a watch.
pub fn watch(ctx: Ctx) -> Result<Response> {
    let begin = begin(&ctx)?;
    let gr = ctx.gr();
    let (initial, subscription) = {
        let state = ctx.app.store.lock();
        match begin {
            Begin::Initial { .. } => {
                let objs: Vec<(ObjectKey, Arc<Stored>)> = state
                    .range(&gr, ctx.path.namespace.as_deref(), None)
                    .map(|(k, o)| (k.clone(), o.clone()))
                    .collect();
                (objs, state.subscribe(&gr, Start::Now))
            }
            Begin::After(rv) => (Vec::new(), state.subscribe(&gr, Start::After(rv))),
        }
    };
    let end_bookmark = matches!(begin, Begin::Initial { end_bookmark: true });
    let timeout = ctx
        .params
        .timeout_seconds
        .map(Duration::from_secs)
        .unwrap_or(MAX_TIMEOUT)
        .min(MAX_TIMEOUT);
    let (tx, rx) = mpsc::channel::<std::result::Result<Bytes, std::io::Error>>(64);
    let mut enc = Encoder {
        table: ctx.wants_table(),
        first: true,
    };
    let shutdown = ctx.app.shutdown.clone();
    tokio::spawn(async move {
        let filter = Filter { ctx };
        let ctx = &filter.ctx;
        let mut sub = match subscription {
            Ok(s) => s,
            Err(WatchError::TooOld { requested, oldest }) => {
                let status =
                    ApiError::Gone(format!("too old resource version: {requested} ({oldest})"))
                        .to_status();
                let _ = tx.send(Ok(enc.line(ctx, "ERROR", &status))).await;
                return;
            }
        };
        let mut last_rv = sub.rv;
        for (_, obj) in initial.iter().filter(|(k, o)| filter.passes(k, o)) {
            if tx.send(Ok(enc.stored(ctx, "ADDED", obj))).await.is_err() {
                return;
            }
        }
        if end_bookmark {
            let b = bookmark(ctx, last_rv, true);
            if tx.send(Ok(enc.line(ctx, "BOOKMARK", &b))).await.is_err() {
                return;
            }
        }
        for e in std::mem::take(&mut sub.backlog) {
            if let Some(t) = filter.view(&e)
                && tx
                    .send(Ok(enc.stored(ctx, t.as_str(), &e.object)))
                    .await
                    .is_err()
            {
                return;
            }
        }
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        let mut ticker = tokio::time::interval(BOOKMARK_EVERY);
        ticker.tick().await;
        loop {
            let line = tokio::select! {
                received = sub.live.recv() => match received {
                    Ok(e) => {
                        last_rv = last_rv.max(e.rv);
                        match filter.view(&e) {
                            Some(t) => enc.stored(ctx, t.as_str(), &e.object),
                            None => continue,
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        let status = ApiError::Gone("too old resource version: watcher fell behind".into()).to_status();
                        let _ = tx.send(Ok(enc.line(ctx, "ERROR", &status))).await;
                        return;
                    }
                    Err(RecvError::Closed) => return,
                },
                _ = ticker.tick(), if ctx.params.allow_bookmarks => {
                    enc.line(ctx, "BOOKMARK", &bookmark(ctx, last_rv, false))
                }
                _ = &mut deadline => return,
                _ = shutdown.cancelled() => return,
                _ = tx.closed() => return,
            };
            if tx.send(Ok(line)).await.is_err() {
                return;
            }
        }
    });
    let stream =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    let mut response = (StatusCode::OK, Body::from_stream(stream)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}
