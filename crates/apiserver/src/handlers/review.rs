//! `SelfSubjectAccessReview` and `SubjectAccessReview` (`kubectl auth can-i`):
//! evaluated against RBAC, never stored.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Ctx, respond};
use crate::auth::User;
use crate::error::{ApiError, Result};
use crate::rbac::{Attributes, allowed};

/// Answers an access review.
pub fn create(ctx: &Ctx, mut body: Value) -> Result<Response> {
    let spec = body.get("spec").cloned().unwrap_or_else(|| json!({}));
    let user = if ctx.info.plural == "selfsubjectaccessreviews" {
        ctx.user.clone()
    } else {
        let name = spec
            .get("user")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let groups = spec
            .get("groups")
            .and_then(Value::as_array)
            .map(|g| {
                g.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        User {
            name,
            groups,
            impersonated: true,
        }
    };
    let s = |k: &str| {
        spec.pointer(&format!("/resourceAttributes/{k}"))
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let ok = if spec.get("resourceAttributes").is_some() {
        let resource = if s("subresource").is_empty() {
            s("resource").to_owned()
        } else {
            format!("{}/{}", s("resource"), s("subresource"))
        };
        let a = Attributes {
            verb: s("verb"),
            group: s("group"),
            resource,
            namespace: s("namespace"),
            name: s("name"),
        };
        !user.impersonated || allowed(&ctx.app.store.lock(), &user, &a)
    } else if spec.get("nonResourceAttributes").is_some() {
        true
    } else {
        return Err(ApiError::BadRequest(
            "spec.resourceAttributes or spec.nonResourceAttributes is required".into(),
        ));
    };
    body["status"] = json!({"allowed": ok, "reason": if ok { "allowed by RBAC" } else { "" }});
    if body.get("metadata").is_none() {
        body["metadata"] = json!({});
    }
    Ok(respond(StatusCode::CREATED, &body))
}
