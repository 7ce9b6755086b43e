//! Resource requests: path and query parsing, authorization, body decoding, then one
//! module per verb. Responses are JSON objects or `Status` errors (or `Table`s when
//! kubectl asks for them).

mod body;
mod create;
mod delete;
mod params;
mod patching;
pub(crate) mod path;
mod read;
mod review;
mod update;
mod watch;
mod write;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::app::{App, MAX_BODY};
use crate::auth::User;
use crate::error::{ApiError, Result};
use crate::registry::{GroupResource, ResourceInfo};
use crate::store::Stored;
pub use params::Params;
use path::{ResourcePath, Target};

/// Everything a verb handler needs to know about its request.
pub struct Ctx {
    /// Shared state.
    pub app: Arc<App>,
    /// The addressed resource.
    pub info: Arc<ResourceInfo>,
    /// The parsed path.
    pub path: ResourcePath,
    /// Query parameters.
    pub params: Params,
    /// Request headers.
    pub headers: HeaderMap,
    /// The acting identity.
    pub user: User,
    /// Warnings for the client, sent as `Warning` headers.
    pub warnings: std::sync::Mutex<Vec<String>>,
}

impl Ctx {
    /// Adds warnings to the response.
    pub fn warn(&self, warnings: impl IntoIterator<Item = String>) {
        let mut w = self
            .warnings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        w.extend(warnings);
    }

    /// Storage identity of the resource.
    pub fn gr(&self) -> GroupResource {
        if self.is_events_view() {
            return crate::events::storage();
        }
        self.info.group_resource()
    }

    /// Whether the request goes through events.k8s.io, a view of core/v1 Events.
    fn is_events_view(&self) -> bool {
        crate::events::is_events_view(&self.info.group, &self.info.plural)
    }

    /// A written object in the shape it is stored in.
    pub fn to_storage(&self, obj: Value) -> Value {
        if self.is_events_view() {
            return crate::events::to_core(obj);
        }
        obj
    }

    /// The namespace objects live in (empty for cluster-scoped resources).
    pub fn namespace(&self) -> &str {
        self.path.namespace.as_deref().unwrap_or_default()
    }

    /// The requested version.
    pub fn version(&self) -> &str {
        &self.path.version
    }

    /// The field manager: `fieldManager`, else the client's user agent up to the first
    /// `/`, as kube-apiserver derives it.
    pub fn manager(&self) -> String {
        if let Some(m) = &self.params.field_manager {
            return m.clone();
        }
        let agent = self
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("unknown");
        agent.split('/').next().unwrap_or(agent).to_owned()
    }

    /// Whether the client asked for `Table` output.
    pub fn wants_table(&self) -> bool {
        self.headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("as=Table"))
    }

    /// The resource as kube-apiserver names it in messages (`deployments.apps`).
    pub fn qualified(&self) -> String {
        if self.info.group.is_empty() {
            self.info.plural.clone()
        } else {
            format!("{}.{}", self.info.plural, self.info.group)
        }
    }

    /// Whether the client asked for metadata only (`PartialObjectMetadata`).
    pub fn wants_metadata(&self) -> bool {
        self.headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("as=PartialObjectMetadata"))
    }

    /// An object as a read returns it: the requested version, or only its metadata
    /// when the client asked for `PartialObjectMetadata`.
    pub fn render(&self, obj: &Value) -> Value {
        if self.wants_metadata() {
            return serde_json::json!({
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": obj.get("metadata").cloned().unwrap_or(Value::Null),
            });
        }
        self.present(obj)
    }

    /// Whether a stored object must be re-encoded to carry the requested `apiVersion`.
    fn needs_version_rewrite(&self, obj: &Stored) -> bool {
        self.is_events_view()
            || (self.info.custom && obj.api_version() != self.info.api_version(self.version()))
    }

    /// [`Ctx::render`] of a stored object, encoded; the stored bytes as they are when
    /// they already are the answer (the common case), so reads decode nothing.
    pub fn render_stored(&self, obj: &Stored) -> Vec<u8> {
        if self.wants_metadata() || self.needs_version_rewrite(obj) {
            return self.render(&obj.value()).to_string().into_bytes();
        }
        obj.json().to_vec()
    }

    /// [`Ctx::present`] of a stored object, encoded.
    pub fn present_stored(&self, obj: &Stored) -> Vec<u8> {
        if self.needs_version_rewrite(obj) {
            return self.present(&obj.value()).to_string().into_bytes();
        }
        obj.json().to_vec()
    }

    /// [`Ctx::present`] without a copy when nothing needs rewriting.
    pub fn present_cow<'a>(&self, obj: &'a Value) -> std::borrow::Cow<'a, Value> {
        if !self.is_events_view() && !self.info.custom {
            return std::borrow::Cow::Borrowed(obj);
        }
        std::borrow::Cow::Owned(self.present(obj))
    }

    /// Rewrites a stored object's `apiVersion` to the requested version.
    pub fn present(&self, obj: &Value) -> Value {
        if self.is_events_view() {
            return crate::events::to_events_view(obj.clone());
        }
        let mut out = obj.clone();
        if self.info.custom {
            out["apiVersion"] = Value::String(self.info.api_version(self.version()));
        }
        out
    }
}

/// Serialises an object with a status code.
pub fn respond(code: StatusCode, v: &Value) -> Response {
    respond_json(code, v.to_string().into_bytes())
}

/// Answers with an already encoded JSON body.
pub fn respond_json(code: StatusCode, json: Vec<u8>) -> Response {
    (code, [(header::CONTENT_TYPE, "application/json")], json).into_response()
}

/// The fallback handler for every `/api` and `/apis` path.
pub async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    match handle(app, request).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

fn not_found() -> ApiError {
    ApiError::NotFound {
        message: "the server could not find the requested resource".into(),
        subject: Default::default(),
    }
}

async fn handle(app: Arc<App>, request: Request) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let path = match path::parse(parts.uri.path()).ok_or_else(not_found)? {
        Target::Group(g) => return crate::discovery::group(&app, &g),
        Target::GroupVersion { group, version } => {
            return crate::discovery::resource_list(&app, &group, &version);
        }
        Target::Resource(p) => p,
    };
    let info = app
        .store
        .lock()
        .registry
        .lookup(&path.group, &path.version, &path.resource)
        .ok_or_else(not_found)?;
    if path.namespace.is_some() && !info.namespaced {
        return Err(not_found());
    }
    if let Some(sub) = &path.subresource
        && (sub != "status" || !info.status_subresource)
    {
        return Err(not_found());
    }
    let query: Query<HashMap<String, String>> = Query::try_from_uri(&parts.uri)
        .map_err(|e| ApiError::BadRequest(format!("invalid query: {e}")))?;
    let mut params = Params::parse(&query)?;
    if crate::events::is_events_view(&info.group, &info.plural) {
        // Objects are stored in the core/v1 shape: select on its field names.
        params.fields = params.fields.map_paths(crate::events::to_core_path);
    }
    let user = parts
        .extensions
        .get::<User>()
        .cloned()
        .unwrap_or_else(User::admin);
    let ctx = Ctx {
        app,
        info,
        path,
        params,
        headers: parts.headers,
        user,
        warnings: Default::default(),
    };
    let verb = verb(&parts.method, &ctx)?;
    crate::rbac::authorize(&ctx, verb)?;
    let bytes = match parts.method {
        Method::GET => Default::default(),
        _ => axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
            ApiError::TooLarge(format!(
                "the request body exceeds the limit of {MAX_BODY} bytes"
            ))
        })?,
    };
    if ctx.info.group == "authorization.k8s.io" {
        return match verb {
            "create" => review::create(&ctx, body::decode(&ctx.headers, &bytes)?),
            _ => Err(ApiError::MethodNotAllowed(format!(
                "{} is not supported on access reviews",
                parts.method
            ))),
        };
    }
    if verb == "watch" {
        return watch::watch(ctx);
    }
    let response = match (verb, ctx.path.subresource.is_some()) {
        ("get", _) => read::get(&ctx),
        ("list", _) => read::list(&ctx),
        ("create", _) => create::create(&ctx, body::decode(&ctx.headers, &bytes)?),
        ("update", _) => update::update(&ctx, body::decode(&ctx.headers, &bytes)?),
        ("patch", _) => patching::patch(&ctx, &bytes),
        ("delete", _) => delete::delete(&ctx, &bytes),
        ("deletecollection", _) => delete::delete_collection(&ctx, &bytes),
        _ => Err(ApiError::MethodNotAllowed(format!(
            "{} is not supported",
            parts.method
        ))),
    };
    let warnings = std::mem::take(
        &mut *ctx
            .warnings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    response.map(|mut r| {
        for w in warnings {
            // RFC 7234 warn-code 299 ("miscellaneous persistent warning"), agent "-",
            // as kube-apiserver writes them.
            let text = format!("299 - \"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""));
            if let Ok(v) = header::HeaderValue::from_str(&text) {
                r.headers_mut().append("warning", v);
            }
        }
        r
    })
}

/// The RBAC verb of a request.
fn verb(method: &Method, ctx: &Ctx) -> Result<&'static str> {
    let named = ctx.path.name.is_some();
    let sub = ctx.path.subresource.is_some();
    let v = match (method.as_str(), named) {
        ("GET", true) if ctx.params.watch => "watch",
        ("GET", true) => "get",
        ("GET", false) if ctx.params.watch => "watch",
        ("GET", false) => "list",
        ("POST", false) => "create",
        ("PUT", true) => "update",
        ("PATCH", true) => "patch",
        ("DELETE", true) if !sub => "delete",
        ("DELETE", false) => "deletecollection",
        _ => {
            return Err(ApiError::MethodNotAllowed(format!(
                "the server does not allow this method on the requested resource ({method})"
            )));
        }
    };
    if ctx.info.namespaced
        && ctx.path.namespace.is_none()
        && matches!(v, "create" | "update" | "patch" | "delete" | "get")
    {
        return Err(not_found());
    }
    Ok(v)
}
