//! A Helm repository's `index.yaml`: reading it, sorting each chart's versions
//! newest first (as Helm's `SortEntries` does), finding the version a constraint
//! selects (an exact match first, then the newest satisfying one), and writing it
//! back the way `helm repo index` does.

use std::cmp::Reverse;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::goyaml;
use crate::semver_range::{Constraints, Version};

/// Why an index could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Not YAML or not an index.
    #[error("failed to parse repository index: {0}")]
    Parse(String),
    /// The index has no `apiVersion`.
    #[error("no API version specified")]
    NoApiVersion,
    /// No chart of that name.
    #[error("no chart name found")]
    NoChartName,
    /// The chart has no versions.
    #[error("no chart version found")]
    NoChartVersion,
    /// Nothing satisfies the constraint.
    #[error("no chart version found for {0}-{1}")]
    NoMatch(String, String),
    /// The constraint does not parse.
    #[error("invalid version constraint {0:?}: {1}")]
    Constraint(String, String),
}

/// One chart version in an index: Chart.yaml's fields plus `urls`, `created`,
/// `digest` (all kept as they were read).
pub type ChartVersion = serde_json::Map<String, serde_json::Value>;

/// A parsed `index.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IndexFile {
    /// `v1`.
    #[serde(rename = "apiVersion", default)]
    pub api_version: String,
    /// Chart name → versions, newest first after [`IndexFile::sort_entries`].
    #[serde(default)]
    pub entries: IndexMap<String, Vec<ChartVersion>>,
    /// When the index was generated (Go RFC 3339 text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// Free-form server information.
    #[serde(
        rename = "serverInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub server_info: Option<serde_json::Value>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<serde_json::Value>,
}

fn version_of(cv: &ChartVersion) -> &str {
    cv.get("version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
}

impl IndexFile {
    /// Parse `index.yaml` (or its JSON form) and sort its entries.
    ///
    /// # Errors
    /// When the text is not an index or lacks `apiVersion`.
    pub fn parse(text: &str) -> Result<IndexFile, IndexError> {
        let mut index: IndexFile =
            serde_yaml::from_str(text).map_err(|e| IndexError::Parse(e.to_string()))?;
        if index.api_version.is_empty() {
            return Err(IndexError::NoApiVersion);
        }
        index.sort_entries();
        Ok(index)
    }

    /// Sort every chart's versions newest first, as Helm orders them: by
    /// semantic version, a version that does not parse last; equal ones keep
    /// their order. Each version is parsed once, not per comparison.
    pub fn sort_entries(&mut self) {
        for versions in self.entries.values_mut() {
            versions.sort_by_cached_key(|v| Reverse(Version::parse(version_of(v)).ok()));
        }
    }

    /// The version `constraint` selects for `name` (`""` means the newest
    /// stable one): an exact version match first, else the newest match.
    ///
    /// # Errors
    /// When the chart or a matching version is missing, or the constraint is invalid.
    pub fn get(&self, name: &str, constraint: &str) -> Result<&ChartVersion, IndexError> {
        let versions = self.entries.get(name).ok_or(IndexError::NoChartName)?;
        if versions.is_empty() {
            return Err(IndexError::NoChartVersion);
        }
        let c = Constraints::parse(if constraint.is_empty() {
            "*"
        } else {
            constraint
        })
        .map_err(|e| IndexError::Constraint(constraint.into(), e.to_string()))?;
        if !constraint.is_empty()
            && let Some(exact) = versions.iter().find(|v| version_of(v) == constraint)
        {
            return Ok(exact);
        }
        versions
            .iter()
            .find(|v| Version::parse(version_of(v)).is_ok_and(|ver| c.matches(&ver)))
            .ok_or_else(|| IndexError::NoMatch(name.into(), constraint.into()))
    }

    /// Add a chart version (its Chart.yaml fields as JSON) with its download URL
    /// and digest, as `helm repo index` does.
    pub fn add(&mut self, mut metadata: ChartVersion, url: &str, digest: &str, created: &str) {
        metadata.insert("urls".into(), serde_json::json!([url]));
        metadata.insert("digest".into(), serde_json::Value::String(digest.into()));
        metadata.insert("created".into(), serde_json::Value::String(created.into()));
        let name = metadata
            .get("name")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string();
        self.entries.entry(name).or_default().push(metadata);
    }

    /// The index as YAML, written like sigs.k8s.io/yaml (keys sorted, Go quoting).
    ///
    /// # Errors
    /// When the index cannot be serialised.
    pub fn to_yaml(&self) -> Result<String, IndexError> {
        let json = serde_json::to_string(self).map_err(|e| IndexError::Parse(e.to_string()))?;
        let value = goyaml::from_json(&json).map_err(IndexError::Parse)?;
        goyaml::marshal(&value).map_err(|e| IndexError::Parse(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"
apiVersion: v1
entries:
  nginx:
  - name: nginx
    version: 1.2.0
    urls: [https://example.com/nginx-1.2.0.tgz]
    digest: abc
  - name: nginx
    version: 1.10.0
    urls: [https://example.com/nginx-1.10.0.tgz]
  - name: nginx
    version: 2.0.0-rc.1
  - name: nginx
    version: not-semver
  empty: []
generated: "2024-01-02T03:04:05Z"
"#;

    #[test]
    fn sorts_entries_and_finds_versions_like_helm() {
        let index = IndexFile::parse(INDEX).unwrap();
        let order: Vec<&str> = index.entries["nginx"].iter().map(version_of).collect();
        assert_eq!(order, vec!["2.0.0-rc.1", "1.10.0", "1.2.0", "not-semver"]);
        assert_eq!(version_of(index.get("nginx", "").unwrap()), "1.10.0");
        assert_eq!(version_of(index.get("nginx", "~1.2").unwrap()), "1.2.0");
        assert_eq!(
            version_of(index.get("nginx", ">=2.0.0-0").unwrap()),
            "2.0.0-rc.1"
        );
        assert!(matches!(
            index.get("nginx", "not-semver"),
            Err(IndexError::Constraint(..))
        ));
        assert_eq!(version_of(index.get("nginx", "1.2.0").unwrap()), "1.2.0");
        assert!(matches!(
            index.get("nginx", "^3"),
            Err(IndexError::NoMatch(..))
        ));
        assert!(matches!(
            index.get("nope", ""),
            Err(IndexError::NoChartName)
        ));
        assert!(matches!(
            index.get("empty", ""),
            Err(IndexError::NoChartVersion)
        ));
        assert!(matches!(
            IndexFile::parse("entries: {}"),
            Err(IndexError::NoApiVersion)
        ));
    }

    #[test]
    fn writes_index_yaml_with_sorted_keys() {
        let mut index = IndexFile {
            api_version: "v1".into(),
            ..IndexFile::default()
        };
        let mut meta = ChartVersion::new();
        meta.insert("name".into(), "web".into());
        meta.insert("version".into(), "1.0.0".into());
        meta.insert("apiVersion".into(), "v2".into());
        index.add(
            meta,
            "https://x/web-1.0.0.tgz",
            "d1",
            "2024-01-02T03:04:05Z",
        );
        let text = index.to_yaml().unwrap();
        assert_eq!(
            text,
            "apiVersion: v1\nentries:\n  web:\n  - apiVersion: v2\n    created: \"2024-01-02T03:04:05Z\"\n    digest: d1\n    name: web\n    urls:\n    - https://x/web-1.0.0.tgz\n    version: 1.0.0\n"
        );
        let back = IndexFile::parse(&text).unwrap();
        assert_eq!(version_of(back.get("web", "").unwrap()), "1.0.0");
    }
}
