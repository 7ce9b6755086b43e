//! Request body decoding: JSON or YAML objects, with `Status` errors that name the
//! problem.

use axum::http::{HeaderMap, header};
use serde_json::Value;

use crate::error::{ApiError, Result};

/// The media type of the body, without parameters.
pub fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Parses JSON.
pub fn json(bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::BadRequest(format!("the body of the request is not valid JSON: {e}"))
    })
}

/// Parses YAML (of which JSON is a subset).
pub fn yaml(bytes: &[u8]) -> Result<Value> {
    // Clients (kube-rs, client-go) mostly send apply configurations as JSON, which is
    // YAML too: the JSON decoder reads it several times faster.
    if bytes.trim_ascii_start().starts_with(b"{")
        && let Ok(v) = serde_json::from_slice(bytes)
    {
        return Ok(v);
    }
    serde_yaml::from_slice(bytes).map_err(|e| {
        ApiError::BadRequest(format!("the body of the request is not valid YAML: {e}"))
    })
}

/// Decodes a create or update body.
pub fn decode(headers: &HeaderMap, bytes: &[u8]) -> Result<Value> {
    if bytes.is_empty() {
        return Err(ApiError::BadRequest(
            "the body of the request is empty".into(),
        ));
    }
    let value = match media_type(headers).as_str() {
        "application/json" | "" | "*/*" => json(bytes)?,
        "application/yaml" | "application/x-yaml" | "text/yaml" => yaml(bytes)?,
        "application/vnd.kubernetes.protobuf" => {
            crate::protobuf::decode(bytes).map_err(|e| match e {
                crate::protobuf::ProtobufError::Unsupported(_) => {
                    ApiError::UnsupportedMediaType(e.to_string())
                }
                crate::protobuf::ProtobufError::Malformed(_) => ApiError::BadRequest(e.to_string()),
            })?
        }
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "the body of the request was in an unknown format ({other}) - accepted media types include: application/json, application/yaml"
            )));
        }
    };
    if !value.is_object() {
        return Err(ApiError::BadRequest(
            "the body of the request must be a JSON or YAML object".into(),
        ));
    }
    Ok(value)
}
