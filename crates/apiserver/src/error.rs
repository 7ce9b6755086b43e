//! API errors and their rendering as Kubernetes `Status` objects, the only error body
//! clients such as kube-rs and kubectl understand.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One detailed reason an object was refused (`details.causes[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// Machine-readable cause type, e.g. `FieldValueInvalid` or `FieldManagerConflict`.
    pub reason: String,
    /// Human-readable description.
    pub message: String,
    /// The field path, e.g. `metadata.name`.
    pub field: String,
}

impl Cause {
    /// A cause of the given type for a field.
    pub fn new(reason: &str, field: &str, message: impl Into<String>) -> Self {
        Self {
            reason: reason.to_owned(),
            message: message.into(),
            field: field.to_owned(),
        }
    }
}

/// What the object an error is about is called (`details`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    /// API group, empty for the core group.
    pub group: String,
    /// Resource (plural) or kind.
    pub kind: String,
    /// Object name.
    pub name: String,
}

impl Subject {
    /// The subject `group`/`kind` `name`.
    pub fn new(group: &str, kind: &str, name: &str) -> Self {
        Self {
            group: group.to_owned(),
            kind: kind.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// An error a request ends with; rendered as a `Status` with the matching HTTP code.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// 400: the request itself is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no or a wrong bearer token.
    #[error("Unauthorized")]
    Unauthorized,
    /// 403: the caller may not do this.
    #[error("{message}")]
    Forbidden {
        /// Full message.
        message: String,
        /// What was refused.
        subject: Subject,
    },
    /// 404: no such object or resource.
    #[error("{message}")]
    NotFound {
        /// Full message.
        message: String,
        /// What was not found.
        subject: Subject,
    },
    /// 405: the verb is not supported on this resource.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 406: no acceptable representation.
    #[error("{0}")]
    NotAcceptable(String),
    /// 409 AlreadyExists.
    #[error("{message}")]
    AlreadyExists {
        /// Full message.
        message: String,
        /// The existing object.
        subject: Subject,
    },
    /// 409 Conflict: stale resourceVersion, failed precondition, apply conflict.
    #[error("{message}")]
    Conflict {
        /// Full message.
        message: String,
        /// The object in question.
        subject: Subject,
        /// Field-level causes (apply conflicts).
        causes: Vec<Cause>,
    },
    /// 410: the resourceVersion or continue token is too old.
    #[error("{0}")]
    Gone(String),
    /// 413: the body is too large.
    #[error("{0}")]
    TooLarge(String),
    /// 415: the body's content type is not supported for this request.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: the object is invalid.
    #[error("{message}")]
    Invalid {
        /// Full message.
        message: String,
        /// The object in question; `kind` holds the Kind.
        subject: Subject,
        /// Field-level causes.
        causes: Vec<Cause>,
    },
    /// 500: a bug or an I/O failure on our side.
    #[error("{0}")]
    Internal(String),
}

/// Result alias for request handling.
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl ApiError {
    /// 404 for an object of a resource.
    pub fn not_found(group: &str, resource: &str, name: &str) -> Self {
        let gr = qualified(group, resource);
        ApiError::NotFound {
            message: format!("{gr} \"{name}\" not found"),
            subject: Subject::new(group, resource, name),
        }
    }

    /// 409 AlreadyExists for an object of a resource.
    pub fn already_exists(group: &str, resource: &str, name: &str) -> Self {
        let gr = qualified(group, resource);
        ApiError::AlreadyExists {
            message: format!("{gr} \"{name}\" already exists"),
            subject: Subject::new(group, resource, name),
        }
    }

    /// 409 for a write against a stale resourceVersion or failed precondition.
    pub fn conflict(group: &str, resource: &str, name: &str, why: &str) -> Self {
        let gr = qualified(group, resource);
        ApiError::Conflict {
            message: format!("Operation cannot be fulfilled on {gr} \"{name}\": {why}"),
            subject: Subject::new(group, resource, name),
            causes: Vec::new(),
        }
    }

    /// 422 with causes, worded like kube-apiserver: `Kind "name" is invalid: field: msg`.
    pub fn invalid(group: &str, kind: &str, name: &str, causes: Vec<Cause>) -> Self {
        let gk = qualified(group, kind);
        let list: Vec<String> = causes
            .iter()
            .map(|c| {
                if c.field.is_empty() {
                    c.message.clone()
                } else {
                    format!("{}: {}", c.field, c.message)
                }
            })
            .collect();
        let joined = if list.len() == 1 {
            list.join("")
        } else {
            format!("[{}]", list.join(", "))
        };
        ApiError::Invalid {
            message: format!("{gk} \"{name}\" is invalid: {joined}"),
            subject: Subject::new(group, kind, name),
            causes,
        }
    }

    /// 403 worded like the RBAC authorizer.
    pub fn forbidden(group: &str, resource: &str, name: &str, message: String) -> Self {
        ApiError::Forbidden {
            message,
            subject: Subject::new(group, resource, name),
        }
    }

    /// The HTTP status code.
    pub fn code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            ApiError::AlreadyExists { .. } | ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn reason(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "BadRequest",
            ApiError::Unauthorized => "Unauthorized",
            ApiError::Forbidden { .. } => "Forbidden",
            ApiError::NotFound { .. } => "NotFound",
            ApiError::MethodNotAllowed(_) => "MethodNotAllowed",
            ApiError::NotAcceptable(_) => "NotAcceptable",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::Conflict { .. } => "Conflict",
            ApiError::Gone(_) => "Expired",
            ApiError::TooLarge(_) => "RequestEntityTooLarge",
            ApiError::UnsupportedMediaType(_) => "UnsupportedMediaType",
            ApiError::Invalid { .. } => "Invalid",
            ApiError::Internal(_) => "InternalError",
        }
    }

    /// The `Status` object for this error.
    pub fn to_status(&self) -> Value {
        let mut status = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.to_string(),
            "reason": self.reason(),
            "code": self.code().as_u16(),
        });
        let (subject, causes) = match self {
            ApiError::Forbidden { subject, .. }
            | ApiError::NotFound { subject, .. }
            | ApiError::AlreadyExists { subject, .. } => (Some(subject), None),
            ApiError::Conflict {
                subject, causes, ..
            }
            | ApiError::Invalid {
                subject, causes, ..
            } => (Some(subject), Some(causes)),
            _ => (None, None),
        };
        if let Some(subject) = subject {
            let mut details = json!({ "name": subject.name, "kind": subject.kind });
            if !subject.group.is_empty() {
                details["group"] = json!(subject.group);
            }
            if let Some(causes) = causes.filter(|c| !c.is_empty()) {
                details["causes"] = causes
                    .iter()
                    .map(|c| json!({ "reason": c.reason, "message": c.message, "field": c.field }))
                    .collect();
            }
            status["details"] = details;
        }
        status
    }
}

fn qualified(group: &str, name: &str) -> String {
    if group.is_empty() {
        name.to_owned()
    } else {
        format!("{name}.{group}")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.to_status().to_string();
        let mut response = (self.code(), body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}
