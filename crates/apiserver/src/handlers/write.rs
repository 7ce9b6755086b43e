//! The write pipeline shared by create, update, patch and apply: type and metadata
//! checks, CRD schema pruning/defaulting/validation, the generation rule, status
//! subresource rules, managedFields, and the commit (or dry run).

use std::sync::Arc;

use serde_json::{Value, json};

use super::Ctx;
use crate::error::{ApiError, Cause, Result};
use crate::meta;
use crate::store::lifecycle::is_deleting;
use crate::store::{ObjectKey, State, meta_str};

/// Which part of an object a write may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The object without its status (or everything, without a status subresource).
    Main,
    /// Only `.status`.
    Status,
}

impl Part {
    /// The subresource name for managedFields.
    pub fn subresource(self) -> Option<&'static str> {
        match self {
            Part::Main => None,
            Part::Status => Some("status"),
        }
    }
}

/// The list-type schema for merging objects of the request's version.
pub fn list_schema(ctx: &Ctx) -> Arc<crate::patch::ListSchema> {
    match ctx.info.version(ctx.version()) {
        Some(v) => v.list_schema.clone(),
        None => Arc::new(crate::patch::ListSchema::schemaless()),
    }
}

/// Type, namespace and name checks of a body against the request.
pub fn check_identity(ctx: &Ctx, obj: &mut Value) -> Result<()> {
    meta::check_type(&ctx.info, ctx.version(), obj)?;
    let url_ns = ctx.namespace().to_owned();
    let m = meta::metadata_mut(obj);
    if ctx.info.namespaced {
        match m.get("namespace").and_then(Value::as_str) {
            Some(ns) if !ns.is_empty() && ns != url_ns => {
                return Err(ApiError::BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request".into(),
                ));
            }
            _ => {
                m.insert("namespace".into(), json!(url_ns));
            }
        }
    } else {
        m.remove("namespace");
    }
    if let Some(url_name) = &ctx.path.name {
        match m.get("name").and_then(Value::as_str) {
            Some(n) if n != url_name => {
                return Err(ApiError::BadRequest(
                    "the name of the object does not match the name on the URL".into(),
                ));
            }
            Some(_) => {}
            None => {
                m.insert("name".into(), json!(url_name));
            }
        }
    }
    for field in ["labels", "annotations"] {
        if let Some(v) = m.get(field) {
            let ok = v.is_null()
                || v.as_object()
                    .is_some_and(|o| o.values().all(Value::is_string));
            if !ok {
                return Err(ApiError::BadRequest(format!(
                    "metadata.{field} must be a map of strings to strings"
                )));
            }
        }
    }
    Ok(())
}

/// CRD schema handling (pruning, defaulting, structural validation, CEL rules, with
/// `old` the live object of an update, as the client sees it) and kind-specific
/// validation; returns a 422 on failure. Every write, dry run or not, goes through it.
pub fn validate(ctx: &Ctx, obj: &mut Value, old: Option<&Value>) -> Result<()> {
    let name = meta_str(obj, "name").to_owned();
    let mut causes: Vec<Cause> = meta::validate_name(&ctx.info, &name).into_iter().collect();
    let schema = ctx
        .info
        .version(ctx.version())
        .and_then(|v| v.schema.clone());
    let pruned = match &schema {
        Some(schema) => schema.prune_and_default(obj),
        None if !ctx.info.custom => {
            crate::schema::builtin::prune_unknown(&ctx.info.group, &ctx.info.kind, obj)
        }
        None => Vec::new(),
    };
    let unknown = pruned.iter().map(|p| format!("unknown field \"{p}\""));
    // kube-apiserver's default is `Warn`; the fields are dropped in every mode.
    match ctx.params.field_validation.as_deref() {
        Some("Ignore") => {}
        Some("Strict") if !pruned.is_empty() => {
            let kind = &ctx.info.kind;
            return Err(ApiError::BadRequest(format!(
                "{kind} in version \"{}\" cannot be handled as a {kind}: strict decoding error: {}",
                ctx.version(),
                unknown.collect::<Vec<_>>().join(", ")
            )));
        }
        _ => ctx.warn(unknown),
    }
    if let Some(schema) = schema {
        let (failed, warnings) = schema.validate(obj, old);
        causes.extend(failed);
        ctx.warn(warnings);
    }
    if ctx.info.group == "apiextensions.k8s.io" && ctx.info.plural == "customresourcedefinitions" {
        causes.extend(crate::registry::crd::validate(obj));
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            &ctx.info.group,
            &ctx.info.kind,
            &name,
            causes,
        ))
    }
}

/// Namespaced creates need an existing namespace that is not terminating.
pub fn check_namespace(ctx: &Ctx, state: &State) -> Result<()> {
    if !ctx.info.namespaced {
        return Ok(());
    }
    let ns = ctx.namespace();
    match state.get(
        &crate::registry::GroupResource::new("", "namespaces"),
        &ObjectKey::new("", ns),
    ) {
        None => Err(ApiError::not_found("", "namespaces", ns)),
        Some(n) if n.is_deleting() => Err(ApiError::forbidden(
            &ctx.info.group,
            &ctx.info.plural,
            "",
            format!(
                "unable to create new content in namespace {ns} because it is being terminated"
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// Fills the server-owned metadata of a new object.
pub fn init_metadata(ctx: &Ctx, obj: &mut Value, now: &str) {
    let has_generation = ctx.info.has_generation;
    let m = meta::metadata_mut(obj);
    let name = m
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if name.is_empty()
        && let Some(prefix) = m.get("generateName").and_then(Value::as_str)
    {
        let generated = meta::generate_name(prefix);
        m.insert("name".into(), json!(generated));
    }
    m.insert("uid".into(), json!(meta::new_uid()));
    m.insert("creationTimestamp".into(), json!(now));
    for f in [
        "resourceVersion",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "selfLink",
    ] {
        m.remove(f);
    }
    if has_generation {
        m.insert("generation".into(), json!(1));
    } else {
        m.remove("generation");
    }
    if ctx.info.status_subresource
        && let Some(o) = obj.as_object_mut()
    {
        o.remove("status");
    }
    crate::defaults::on_create(&ctx.info, obj, now);
}

/// Carries server-owned metadata from the live object into an update.
pub fn carry_metadata(ctx: &Ctx, old: &Value, new: &mut Value, part: Part) {
    let old_meta = old.get("metadata");
    if part == Part::Status {
        let status = new.get("status").cloned();
        let managed = new.pointer("/metadata/managedFields").cloned();
        *new = old.clone();
        match status {
            Some(s) => new["status"] = s,
            None => {
                if let Some(o) = new.as_object_mut() {
                    o.remove("status");
                }
            }
        }
        if let Some(mf) = managed {
            new["metadata"]["managedFields"] = mf;
        }
        return;
    }
    if ctx.info.status_subresource {
        match old.get("status") {
            Some(s) => new["status"] = s.clone(),
            None => {
                if let Some(o) = new.as_object_mut() {
                    o.remove("status");
                }
            }
        }
    }
    let bump = ctx.info.has_generation && meta::spec_changed(&ctx.info, old, new);
    let m = meta::metadata_mut(new);
    for f in [
        "uid",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
    ] {
        match old_meta.and_then(|o| o.get(f)) {
            Some(v) => m.insert(f.into(), v.clone()),
            None => m.remove(f),
        };
    }
    match old_meta
        .and_then(|o| o.get("generation"))
        .and_then(Value::as_i64)
    {
        Some(g) => {
            m.insert("generation".into(), json!(if bump { g + 1 } else { g }));
        }
        None => {
            m.remove("generation");
        }
    }
}

/// Checks `metadata.resourceVersion` of an update against the live object.
pub fn check_precondition(ctx: &Ctx, old: &Value, new: &Value) -> Result<()> {
    let want = meta_str(new, "resourceVersion");
    if !want.is_empty() && want != meta_str(old, "resourceVersion") {
        return Err(ApiError::conflict(
            &ctx.info.group,
            &ctx.info.plural,
            meta_str(old, "name"),
            "the object has been modified; please apply your changes to the latest version and try again",
        ));
    }
    let uid = meta_str(new, "uid");
    if !uid.is_empty() && uid != meta_str(old, "uid") {
        return Err(ApiError::conflict(
            &ctx.info.group,
            &ctx.info.plural,
            meta_str(old, "name"),
            &format!(
                "Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
                meta_str(old, "uid")
            ),
        ));
    }
    Ok(())
}

/// Whether two objects differ only in what every write changes anyway: the
/// resourceVersion and the times of managedFields entries. Compares in place, without
/// copying either object.
fn same_ignoring_volatile(old: &Value, new: &Value) -> bool {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return old == new;
    };
    o.len() == n.len()
        && o.iter().all(|(k, v)| match n.get(k) {
            Some(nv) if k == "metadata" => same_metadata(v, nv),
            Some(nv) => v == nv,
            None => false,
        })
}

/// Whether two objects have the same fields apart from `skip`, comparing the value
/// of each field with `same`.
fn same_fields_except(
    old: &Value,
    new: &Value,
    skip: &str,
    same: impl Fn(&str, &Value, &Value) -> bool,
) -> bool {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return old == new;
    };
    let counted = |m: &serde_json::Map<String, Value>| m.keys().filter(|k| *k != skip).count();
    counted(o) == counted(n)
        && o.iter()
            .filter(|(k, _)| *k != skip)
            .all(|(k, v)| n.get(k).is_some_and(|nv| same(k, v, nv)))
}

fn same_metadata(old: &Value, new: &Value) -> bool {
    same_fields_except(old, new, "resourceVersion", |k, a, b| {
        if k == "managedFields" {
            same_managed_fields(a, b)
        } else {
            a == b
        }
    })
}

fn same_managed_fields(old: &Value, new: &Value) -> bool {
    let (Some(o), Some(n)) = (old.as_array(), new.as_array()) else {
        return old == new;
    };
    o.len() == n.len()
        && o.iter()
            .zip(n)
            .all(|(a, b)| same_fields_except(a, b, "time", |_, x, y| x == y))
}

/// Stores an updated object unless it is unchanged or a dry run; returns what the
/// client sees.
pub fn commit_update(ctx: &Ctx, state: &mut State, old: &Value, new: Value) -> Vec<u8> {
    let new = ctx.to_storage(new);
    if same_ignoring_volatile(old, &new) {
        // kube-apiserver skips no-op writes: no new resourceVersion, no event.
        return encode(&ctx.present(old));
    }
    if ctx.params.dry_run {
        return encode(&ctx.present(&new));
    }
    // Garbage collection only cares about ownership and deletion; waking it on every
    // write would rescan the store under the lock for nothing.
    let gc_relevant = is_deleting(old)
        || is_deleting(&new)
        || old.pointer("/metadata/ownerReferences") != new.pointer("/metadata/ownerReferences");
    let stored = state.commit(&ctx.gr(), new);
    if gc_relevant {
        ctx.app.store.gc_wake.notify_one();
    }
    crate::simulate::after_write(ctx, &stored);
    ctx.present_stored(&stored)
}

fn encode(v: &Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

/// Stores a new object unless a dry run.
pub fn commit_create(ctx: &Ctx, state: &mut State, obj: Value) -> Vec<u8> {
    let obj = ctx.to_storage(obj);
    if ctx.params.dry_run {
        return encode(&ctx.present(&obj));
    }
    let gr = ctx.gr();
    let name = meta_str(&obj, "name").to_owned();
    let stored = state.put(&gr, obj);
    if gr.group.is_empty() && gr.resource == "namespaces" {
        crate::namespace_contents::populate(state, &name, &ctx.app.ca_pem, &crate::meta::now());
    }
    if !stored.owner_uids().is_empty() {
        ctx.app.store.gc_wake.notify_one();
    }
    crate::simulate::after_write(ctx, &stored);
    ctx.present_stored(&stored)
}
