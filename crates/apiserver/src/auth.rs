//! Authentication (one bearer token, constant-time compared) and impersonation
//! (`Impersonate-User`, `Impersonate-Group`): the result is the [`User`] a request
//! acts as, recorded in request extensions for authorization.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::error::ApiError;

/// Name of the admin identity the bearer token authenticates as.
pub const ADMIN_USER: &str = "oxbow-admin";

/// Who a request acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// User name, e.g. `system:serviceaccount:ns:name`.
    pub name: String,
    /// Groups.
    pub groups: Vec<String>,
    /// Whether the identity was impersonated (then RBAC applies).
    pub impersonated: bool,
}

impl User {
    /// The unrestricted identity of the token holder.
    pub fn admin() -> Self {
        User {
            name: ADMIN_USER.to_owned(),
            groups: vec![
                "system:masters".to_owned(),
                "system:authenticated".to_owned(),
            ],
            impersonated: false,
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The identity for the request's headers, or `None` if not authenticated.
pub fn authenticate(headers: &HeaderMap, token: &str) -> Option<User> {
    let presented = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)?;
    if !constant_time_eq(presented.as_bytes(), token.as_bytes()) {
        return None;
    }
    let Some(user) = headers
        .get("impersonate-user")
        .and_then(|v| v.to_str().ok())
    else {
        return Some(User::admin());
    };
    let mut groups: Vec<String> = headers
        .get_all("impersonate-group")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    if let Some(rest) = user.strip_prefix("system:serviceaccount:")
        && let Some((ns, _)) = rest.split_once(':')
    {
        groups.push("system:serviceaccounts".to_owned());
        groups.push(format!("system:serviceaccounts:{ns}"));
    }
    groups.push("system:authenticated".to_owned());
    Some(User {
        name: user.to_owned(),
        groups,
        impersonated: true,
    })
}

/// Paths anyone may read, like kube-apiserver's `system:public-info-viewer`.
fn is_public(path: &str) -> bool {
    matches!(path, "/healthz" | "/livez" | "/readyz" | "/version")
}

/// Middleware: rejects unauthenticated requests with 401, records the [`User`].
pub async fn middleware(State(app): State<Arc<App>>, mut request: Request, next: Next) -> Response {
    let user = match authenticate(request.headers(), &app.token) {
        Some(user) => user,
        None if is_public(request.uri().path()) => User::admin(),
        None => return ApiError::Unauthorized.into_response(),
    };
    tracing::debug!(user = %user.name, method = %request.method(), path = %request.uri().path(), "request");
    request.extensions_mut().insert(user);
    next.run(request).await
}
