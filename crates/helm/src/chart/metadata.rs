//! `Chart.yaml`: the chart's metadata and its declared dependencies, and their
//! shape as the `.Chart` built-in object (Go field names, like Helm's
//! struct-to-map conversion).

use std::sync::Arc;

use serde_json::{Map, Value, json};
use serde_yaml::Value as Yaml;

use crate::engine::convert::{object, string, to_template};
use crate::engine::value::{Entries, Value as Tv};

/// A maintainer entry of `Chart.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Maintainer {
    /// `name`.
    pub name: String,
    /// `email`.
    pub email: String,
    /// `url`.
    pub url: String,
}

/// A dependency declared in `Chart.yaml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependency {
    /// `name`: the subchart's own name.
    pub name: String,
    /// `version`: a semver constraint the vendored subchart must meet.
    pub version: String,
    /// `repository`.
    pub repository: String,
    /// `condition`: comma-separated values paths; the first boolean found wins.
    pub condition: String,
    /// `tags`: enable the subchart when any of these `tags.<tag>` values is true.
    pub tags: Vec<String>,
    /// Set while processing conditions and tags.
    pub enabled: bool,
    /// `import-values`: strings or `{child, parent}` maps.
    pub import_values: Vec<Value>,
    /// `alias`: the name the subchart is known by in this chart.
    pub alias: String,
}

/// `Chart.yaml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `name`.
    pub name: String,
    /// `home`.
    pub home: String,
    /// `sources`.
    pub sources: Vec<String>,
    /// `version` (SemVer 2).
    pub version: String,
    /// `description`.
    pub description: String,
    /// `keywords`.
    pub keywords: Vec<String>,
    /// `maintainers`.
    pub maintainers: Vec<Maintainer>,
    /// `icon`.
    pub icon: String,
    /// `apiVersion` (`v1` or `v2`).
    pub api_version: String,
    /// `condition` (deprecated, kept for `.Chart`).
    pub condition: String,
    /// `tags` (deprecated, kept for `.Chart`).
    pub tags: String,
    /// `appVersion`.
    pub app_version: String,
    /// `deprecated`.
    pub deprecated: bool,
    /// `annotations`.
    pub annotations: Vec<(String, String)>,
    /// `kubeVersion`: a constraint on the target cluster's version.
    pub kube_version: String,
    /// `dependencies`.
    pub dependencies: Vec<Dependency>,
    /// `type`: `application` (default) or `library`.
    pub chart_type: String,
    /// A `null` entry of `maintainers` or `dependencies`, which Helm refuses.
    pub null_entry: Option<NullEntry>,
}

/// The list of `Chart.yaml` that holds a `null` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullEntry {
    /// `maintainers`.
    Maintainers,
    /// `dependencies`.
    Dependencies,
}

/// Helm's `sanitizeString`: whitespace becomes a space, other characters Go
/// does not print are dropped. Helm applies it to the text fields of
/// `Chart.yaml` before anything reads them.
fn sanitize(s: String) -> String {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s;
    }
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if crate::funcs::go_is_print(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// A text field, sanitized as Helm does.
fn clean(v: Option<&Yaml>) -> String {
    sanitize(text(v))
}

fn texts_clean(v: Option<&Yaml>) -> Vec<String> {
    texts(v).into_iter().map(sanitize).collect()
}

fn text(v: Option<&Yaml>) -> String {
    v.and_then(crate::yaml_value::scalar_text)
        .unwrap_or_default()
}

fn texts(v: Option<&Yaml>) -> Vec<String> {
    match v {
        Some(Yaml::Sequence(items)) => items.iter().map(|i| text(Some(i))).collect(),
        _ => Vec::new(),
    }
}

fn yaml_to_json(v: &Yaml) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

impl Metadata {
    /// Parses `Chart.yaml`. Unknown fields are ignored, like Helm does.
    ///
    /// Read as Helm reads it, by sigs.k8s.io/yaml into a struct: go-yaml
    /// v2's YAML 1.1 (`yes` is true, `017` is 15), the last of repeated keys,
    /// and each scalar bound for a text field turned into text (see
    /// [`text`]). The crate's fast reader covers nearly every file.
    pub fn parse(data: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(data)
            .map_err(|_| "yaml: invalid leading UTF-8 octet".to_string())?;
        Self::from_document(crate::goyaml::from_yaml_as_tree(text)?)
    }

    fn from_document(doc: Yaml) -> Result<Self, String> {
        let Yaml::Mapping(map) = doc else {
            return Err("Chart.yaml is not a mapping".to_string());
        };
        let get = |k: &str| map.get(k);
        let mut null_entry = None;
        let maintainers = match get("maintainers") {
            Some(Yaml::Sequence(items)) => {
                if items.iter().any(Yaml::is_null) {
                    null_entry = Some(NullEntry::Maintainers);
                }
                items
                    .iter()
                    .map(|m| Maintainer {
                        name: clean(m.get("name")),
                        email: clean(m.get("email")),
                        url: clean(m.get("url")),
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let annotations = match get("annotations") {
            Some(Yaml::Mapping(m)) => m
                .iter()
                .map(|(k, v)| (text(Some(k)), text(Some(v))))
                .collect(),
            _ => Vec::new(),
        };
        let dependencies = match get("dependencies") {
            Some(Yaml::Sequence(items)) => {
                if null_entry.is_none() && items.iter().any(Yaml::is_null) {
                    null_entry = Some(NullEntry::Dependencies);
                }
                items
                    .iter()
                    .filter(|d| !d.is_null())
                    .map(parse_dependency)
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Metadata {
            name: clean(get("name")),
            home: clean(get("home")),
            sources: texts_clean(get("sources")),
            version: text(get("version")),
            description: clean(get("description")),
            keywords: texts_clean(get("keywords")),
            maintainers,
            icon: clean(get("icon")),
            api_version: text(get("apiVersion")),
            condition: clean(get("condition")),
            tags: clean(get("tags")),
            app_version: clean(get("appVersion")),
            deprecated: matches!(get("deprecated"), Some(Yaml::Bool(true))),
            annotations,
            kube_version: clean(get("kubeVersion")),
            dependencies,
            chart_type: text(get("type")),
            null_entry,
        })
    }

    /// Checks what Helm's loader checks before accepting a chart.
    pub fn validate(&self) -> Result<(), String> {
        if self.api_version.is_empty() {
            return Err("chart.metadata.apiVersion is required".into());
        }
        if self.name.is_empty() {
            return Err("chart.metadata.name is required".into());
        }
        let quoted = crate::funcs::go_quote;
        if self.name == "." || self.name == ".." {
            return Err(format!(
                "chart.metadata.name {} is not allowed",
                quoted(&self.name)
            ));
        }
        // Helm: the name must be its own `filepath.Base`. A backslash is
        // refused too: the name becomes a path on every platform here.
        if self.name.contains('/') || self.name.contains('\\') {
            return Err(format!(
                "chart.metadata.name {} is invalid",
                quoted(&self.name)
            ));
        }
        if self.version.is_empty() {
            return Err("chart.metadata.version is required".into());
        }
        if crate::semver_range::Version::parse(&self.version).is_err() {
            return Err(format!(
                "chart.metadata.version {} is invalid",
                quoted(&self.version)
            ));
        }
        if !self.chart_type.is_empty()
            && self.chart_type != "application"
            && self.chart_type != "library"
        {
            return Err("chart.metadata.type must be application or library".into());
        }
        match self.null_entry {
            Some(NullEntry::Maintainers) => {
                return Err("maintainers must not contain empty or null nodes".into());
            }
            Some(NullEntry::Dependencies) => {
                return Err("dependencies must not contain empty or null nodes".into());
            }
            None => {}
        }
        let mut seen = std::collections::HashSet::new();
        for d in &self.dependencies {
            let alias_ok = d
                .alias
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !alias_ok {
                return Err(format!(
                    "dependency {} has disallowed characters in the alias",
                    quoted(&d.name)
                ));
            }
            let key = if d.alias.is_empty() {
                &d.name
            } else {
                &d.alias
            };
            if !seen.insert(key.as_str()) {
                return Err(format!(
                    "more than one dependency with name or alias {}",
                    quoted(key)
                ));
            }
        }
        Ok(())
    }

    /// The `.Chart` object: Go field names, like Helm's struct-to-map conversion.
    pub fn to_object(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("Name".into(), json!(self.name));
        m.insert("Home".into(), json!(self.home));
        m.insert("Sources".into(), json!(self.sources));
        m.insert("Version".into(), json!(self.version));
        m.insert("Description".into(), json!(self.description));
        m.insert("Keywords".into(), json!(self.keywords));
        let maintainers: Vec<Value> = self
            .maintainers
            .iter()
            .map(|x| json!({"Name": x.name, "Email": x.email, "URL": x.url}))
            .collect();
        m.insert("Maintainers".into(), Value::Array(maintainers));
        m.insert("Icon".into(), json!(self.icon));
        m.insert("APIVersion".into(), json!(self.api_version));
        m.insert("Condition".into(), json!(self.condition));
        m.insert("Tags".into(), json!(self.tags));
        m.insert("AppVersion".into(), json!(self.app_version));
        m.insert("Deprecated".into(), json!(self.deprecated));
        let annotations: Map<String, Value> = self
            .annotations
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        m.insert("Annotations".into(), Value::Object(annotations));
        m.insert("KubeVersion".into(), json!(self.kube_version));
        let deps: Vec<Value> = self
            .dependencies
            .iter()
            .map(Dependency::to_object)
            .collect();
        m.insert("Dependencies".into(), Value::Array(deps));
        m.insert("Type".into(), json!(self.chart_type));
        m
    }
}

impl Metadata {
    /// The `.Chart` object a template sees: [`Metadata::to_object`] with
    /// `IsRoot`, built straight into template values (no JSON map between,
    /// as every render of every chart builds it).
    pub(crate) fn to_template(&self, is_root: bool) -> Tv {
        let mut m = Entries::new();
        let mut put = |k: &str, v: Tv| {
            m.insert(Arc::from(k), v);
        };
        put("Name", string(&self.name));
        put("Home", string(&self.home));
        put("Sources", strings(&self.sources));
        put("Version", string(&self.version));
        put("Description", string(&self.description));
        put("Keywords", strings(&self.keywords));
        let maintainers: Vec<Tv> = self
            .maintainers
            .iter()
            .map(|x| {
                object([
                    ("Name", string(&x.name)),
                    ("Email", string(&x.email)),
                    ("URL", string(&x.url)),
                ])
            })
            .collect();
        put("Maintainers", Tv::from(maintainers));
        put("Icon", string(&self.icon));
        put("APIVersion", string(&self.api_version));
        put("Condition", string(&self.condition));
        put("Tags", string(&self.tags));
        put("AppVersion", string(&self.app_version));
        put("Deprecated", Tv::Bool(self.deprecated));
        let mut annotations = Entries::new();
        for (k, v) in &self.annotations {
            annotations.insert(Arc::from(k.as_str()), string(v));
        }
        put("Annotations", Tv::map(annotations));
        put("KubeVersion", string(&self.kube_version));
        let deps: Vec<Tv> = self
            .dependencies
            .iter()
            .map(|d| {
                object([
                    ("Name", string(&d.name)),
                    ("Version", string(&d.version)),
                    ("Repository", string(&d.repository)),
                    ("Condition", string(&d.condition)),
                    ("Tags", strings(&d.tags)),
                    ("Enabled", Tv::Bool(d.enabled)),
                    (
                        "ImportValues",
                        Tv::from(d.import_values.iter().map(to_template).collect::<Vec<_>>()),
                    ),
                    ("Alias", string(&d.alias)),
                ])
            })
            .collect();
        put("Dependencies", Tv::from(deps));
        put("Type", string(&self.chart_type));
        put("IsRoot", Tv::Bool(is_root));
        Tv::map(m)
    }
}

fn strings(items: &[String]) -> Tv {
    Tv::from(items.iter().map(|s| string(s)).collect::<Vec<_>>())
}

fn parse_dependency(v: &Yaml) -> Dependency {
    let import_values = match v.get("import-values") {
        Some(Yaml::Sequence(items)) => items.iter().map(yaml_to_json).collect(),
        _ => Vec::new(),
    };
    Dependency {
        name: clean(v.get("name")),
        version: clean(v.get("version")),
        repository: clean(v.get("repository")),
        condition: clean(v.get("condition")),
        tags: texts_clean(v.get("tags")),
        enabled: matches!(v.get("enabled"), Some(Yaml::Bool(true))),
        import_values,
        alias: text(v.get("alias")),
    }
}

impl Dependency {
    fn to_object(&self) -> Value {
        json!({
            "Name": self.name,
            "Version": self.version,
            "Repository": self.repository,
            "Condition": self.condition,
            "Tags": self.tags,
            "Enabled": self.enabled,
            "ImportValues": self.import_values,
            "Alias": self.alias,
        })
    }
}

#[cfg(test)]
mod tests;
