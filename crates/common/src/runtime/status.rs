//! Thin writes to the API server: the status patch (server-side apply on `/status`
//! under `gotk-<controller>`, forced) and adding or removing Flux's finalizer
//! (a merge patch guarded by `resourceVersion`, so a concurrent edit is not lost).

use kube::api::{Patch, PatchParams};
use kube::{Api, Resource, ResourceExt};
use oxbow_api::constants::{FINALIZER, status_field_manager};
use serde_json::json;

use super::object::FluxObject;

/// A status or finalizer write failed.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// The object could not be serialized.
    #[error("failed to serialize {kind} '{namespace}/{name}'")]
    Serialize {
        /// The object's kind.
        kind: String,
        /// The object's namespace.
        namespace: String,
        /// The object's name.
        name: String,
        /// The serializer's error.
        #[source]
        source: serde_json::Error,
    },
    /// The API server refused the write.
    #[error("failed to patch {what} of {kind} '{namespace}/{name}'")]
    Patch {
        /// `status` or `finalizers`.
        what: &'static str,
        /// The object's kind.
        kind: String,
        /// The object's namespace.
        namespace: String,
        /// The object's name.
        name: String,
        /// The API error.
        #[source]
        source: Box<kube::Error>,
    },
}

fn identity<K: FluxObject>(object: &K) -> (String, String, String) {
    (
        K::kind(&()).into_owned(),
        object.namespace().unwrap_or_default(),
        object.name_any(),
    )
}

/// The server-side apply body for `object`'s status.
pub fn status_apply_body<K: FluxObject>(object: &K) -> Result<serde_json::Value, StatusError> {
    let value = serde_json::to_value(object).map_err(|source| {
        let (kind, namespace, name) = identity(object);
        StatusError::Serialize {
            kind,
            namespace,
            name,
            source,
        }
    })?;
    Ok(json!({
        "apiVersion": K::api_version(&()),
        "kind": K::kind(&()),
        "metadata": {
            "name": object.name_any(),
            "namespace": object.namespace(),
        },
        "status": value.get("status").cloned().unwrap_or_else(|| json!({})),
    }))
}

/// Applies `object`'s status with the field manager `gotk-<controller>`, forcing
/// ownership as Flux does.
pub async fn patch_status<K: FluxObject>(
    api: &Api<K>,
    object: &K,
    controller: &str,
) -> Result<K, StatusError> {
    let body = status_apply_body(object)?;
    let params = PatchParams::apply(&status_field_manager(controller)).force();
    api.patch_status(&object.name_any(), &params, &Patch::Apply(body))
        .await
        .map_err(|source| {
            let (kind, namespace, name) = identity(object);
            StatusError::Patch {
                what: "status",
                kind,
                namespace,
                name,
                source: Box::new(source),
            }
        })
}

/// Whether `object` carries Flux's finalizer.
pub fn has_finalizer<K: Resource>(object: &K) -> bool {
    object.finalizers().iter().any(|f| f == FINALIZER)
}

/// Adds Flux's finalizer unless present; updates `object` with the server's answer.
pub async fn add_finalizer<K: FluxObject>(api: &Api<K>, object: &mut K) -> Result<(), StatusError> {
    if has_finalizer(object) {
        return Ok(());
    }
    let mut finalizers = object.finalizers().to_vec();
    finalizers.push(FINALIZER.to_owned());
    write_finalizers(api, object, finalizers).await
}

/// Removes Flux's finalizer if present; updates `object` with the server's answer.
pub async fn remove_finalizer<K: FluxObject>(
    api: &Api<K>,
    object: &mut K,
) -> Result<(), StatusError> {
    if !has_finalizer(object) {
        return Ok(());
    }
    let finalizers: Vec<String> = object
        .finalizers()
        .iter()
        .filter(|f| *f != FINALIZER)
        .cloned()
        .collect();
    write_finalizers(api, object, finalizers).await
}

async fn write_finalizers<K: FluxObject>(
    api: &Api<K>,
    object: &mut K,
    finalizers: Vec<String>,
) -> Result<(), StatusError> {
    let patch = json!({
        "metadata": {
            "finalizers": finalizers,
            "resourceVersion": object.resource_version(),
        }
    });
    let updated = api
        .patch(
            &object.name_any(),
            &PatchParams::default(),
            &Patch::Merge(patch),
        )
        .await
        .map_err(|source| {
            let (kind, namespace, name) = identity(object);
            StatusError::Patch {
                what: "finalizers",
                kind,
                namespace,
                name,
                source: Box::new(source),
            }
        })?;
    let meta = object.meta_mut();
    meta.finalizers = updated.meta().finalizers.clone();
    meta.resource_version = updated.meta().resource_version.clone();
    Ok(())
}
