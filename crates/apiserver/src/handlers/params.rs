//! Query parameters of resource requests, parsed once.

use std::collections::HashMap;

use crate::error::ApiError;
use crate::selector::{FieldSelector, LabelSelector};

/// The query parameters the server understands.
#[derive(Debug, Default, Clone)]
pub struct Params {
    /// `dryRun=All`.
    pub dry_run: bool,
    /// `fieldManager`.
    pub field_manager: Option<String>,
    /// `force` (apply).
    pub force: bool,
    /// `labelSelector`.
    pub labels: LabelSelector,
    /// `fieldSelector`.
    pub fields: FieldSelector,
    /// `limit` (0 = no limit).
    pub limit: usize,
    /// `continue`.
    pub continue_: Option<String>,
    /// `resourceVersion`.
    pub resource_version: Option<String>,
    /// `resourceVersionMatch`.
    pub resource_version_match: Option<String>,
    /// `watch`.
    pub watch: bool,
    /// `allowWatchBookmarks`.
    pub allow_bookmarks: bool,
    /// `sendInitialEvents`.
    pub send_initial_events: Option<bool>,
    /// `timeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// `propagationPolicy`.
    pub propagation_policy: Option<String>,
    /// `fieldValidation` (`Ignore`, `Warn`, `Strict`).
    pub field_validation: Option<String>,
    /// `includeObject` for tables.
    pub include_object: Option<String>,
}

fn flag(v: &str) -> bool {
    matches!(v, "true" | "1" | "True")
}

impl Params {
    /// Parses the decoded query pairs.
    pub fn parse(query: &HashMap<String, String>) -> Result<Self, ApiError> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            ApiError::BadRequest(format!("invalid {what}: {e}"))
        };
        let mut p = Params::default();
        for (k, v) in query {
            match k.as_str() {
                "dryRun" => {
                    if v != "All" && !v.is_empty() {
                        return Err(ApiError::BadRequest(format!(
                            "Invalid dryRun value: \"{v}\": supported values: \"All\""
                        )));
                    }
                    p.dry_run = v == "All";
                }
                "fieldManager" => p.field_manager = Some(v.clone()),
                "force" => p.force = flag(v),
                "labelSelector" => {
                    p.labels = LabelSelector::parse(v).map_err(|e| bad("labelSelector", &e))?
                }
                "fieldSelector" => {
                    p.fields = FieldSelector::parse(v).map_err(|e| bad("fieldSelector", &e))?
                }
                "limit" => p.limit = v.parse().map_err(|e| bad("limit", &e))?,
                "continue" if !v.is_empty() => p.continue_ = Some(v.clone()),
                "resourceVersion" if !v.is_empty() => p.resource_version = Some(v.clone()),
                "resourceVersionMatch" if !v.is_empty() => {
                    p.resource_version_match = Some(v.clone())
                }
                "watch" => p.watch = flag(v),
                "allowWatchBookmarks" => p.allow_bookmarks = flag(v),
                "sendInitialEvents" => p.send_initial_events = Some(flag(v)),
                "timeoutSeconds" => {
                    p.timeout_seconds = Some(v.parse().map_err(|e| bad("timeoutSeconds", &e))?)
                }
                "propagationPolicy" => p.propagation_policy = Some(v.clone()),
                "fieldValidation" => p.field_validation = Some(v.clone()),
                "includeObject" => p.include_object = Some(v.clone()),
                _ => {}
            }
        }
        if let Some(v) = &p.field_validation
            && !matches!(v.as_str(), "Ignore" | "Warn" | "Strict")
        {
            return Err(ApiError::BadRequest(format!(
                "fieldValidation parameter unsupported: \"{v}\": supported values: \"Ignore\", \"Strict\", \"Warn\""
            )));
        }
        if let Some(m) = &p.resource_version_match
            && !matches!(m.as_str(), "NotOlderThan" | "Exact")
        {
            return Err(ApiError::BadRequest(format!(
                "Invalid resourceVersionMatch value: \"{m}\": supported values: \"Exact\", \"NotOlderThan\""
            )));
        }
        Ok(p)
    }
}
