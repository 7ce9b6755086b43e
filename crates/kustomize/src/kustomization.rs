//! The `kustomization.yaml` file: its fields, the legacy spellings kustomize
//! still accepts, and the checks it makes when loading one.

mod loose;
mod shape;
mod strict;

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// The accepted file names, in the order kustomize looks for them.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Errors in a kustomization file.
#[derive(Debug, thiserror::Error)]
pub enum KustomizationError {
    /// The file does not decode into a kustomization.
    #[error("invalid kustomization in '{path}': {message}")]
    Invalid {
        /// The file.
        path: String,
        /// Decoder message.
        message: String,
    },
}

const TOP_LEVEL_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// A `kustomization.yaml` (or a `kind: Component`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Kustomization {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub metadata: Option<Value>,
    pub openapi: Option<Value>,
    pub name_prefix: Option<String>,
    pub name_suffix: Option<String>,
    pub namespace: Option<String>,
    pub common_labels: Option<Mapping>,
    pub labels: Option<Vec<LabelSpec>>,
    pub common_annotations: Option<Mapping>,
    pub patches_strategic_merge: Option<Vec<String>>,
    pub patches_json6902: Option<Vec<PatchSpec>>,
    pub patches: Option<Vec<PatchSpec>>,
    pub images: Option<Vec<ImageSpec>>,
    pub image_tags: Option<Vec<ImageSpec>>,
    pub replacements: Option<Vec<Value>>,
    pub replicas: Option<Vec<ReplicaSpec>>,
    pub vars: Option<Vec<Value>>,
    pub sort_options: Option<Value>,
    pub resources: Option<Vec<String>>,
    pub components: Option<Vec<String>>,
    pub crds: Option<Vec<String>>,
    pub bases: Option<Vec<String>>,
    pub config_map_generator: Option<Vec<GeneratorArgs>>,
    pub secret_generator: Option<Vec<GeneratorArgs>>,
    pub helm_globals: Option<Value>,
    pub helm_charts: Option<Value>,
    pub helm_chart_inflation_generator: Option<Value>,
    pub generator_options: Option<GeneratorOptions>,
    pub configurations: Option<Vec<String>>,
    pub generators: Option<Vec<String>>,
    pub transformers: Option<Vec<String>>,
    pub validators: Option<Vec<String>>,
    pub build_metadata: Option<Vec<String>>,
}

/// One entry of `labels:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LabelSpec {
    pub pairs: Option<Mapping>,
    #[serde(default)]
    pub include_selectors: bool,
    #[serde(default)]
    pub include_templates: bool,
    pub fields: Option<Vec<Value>>,
}

/// One entry of `patches:` or `patchesJson6902:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PatchSpec {
    pub path: Option<String>,
    pub patch: Option<String>,
    pub target: Option<Value>,
    pub options: Option<Mapping>,
}

/// One entry of `images:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ImageSpec {
    pub name: Option<String>,
    pub new_name: Option<String>,
    pub new_tag: Option<Value>,
    pub digest: Option<String>,
    pub tag_suffix: Option<String>,
}

/// One entry of `replicas:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ReplicaSpec {
    pub name: Option<String>,
    pub count: Option<i64>,
}

/// One entry of `configMapGenerator:` / `secretGenerator:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct GeneratorArgs {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub behavior: Option<String>,
    pub files: Option<Vec<String>>,
    pub literals: Option<Vec<String>>,
    pub envs: Option<Vec<String>>,
    pub env: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub options: Option<GeneratorOptions>,
}

/// `generatorOptions:` or a generator's `options:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct GeneratorOptions {
    pub labels: Option<Mapping>,
    pub annotations: Option<Mapping>,
    pub disable_name_suffix_hash: Option<bool>,
    pub immutable: Option<bool>,
}

impl ImageSpec {
    /// Decodes a plugin configuration's `imageTag`, as Go's JSON decoding
    /// does: keys match case-insensitively and unknown ones are ignored.
    pub(crate) fn from_plugin(v: &Value) -> Result<Self, serde_yaml::Error> {
        const FIELDS: &[&str] = &["name", "newName", "newTag", "digest", "tagSuffix"];
        let mut v = v.clone();
        loose::canonical_keys(&mut v, FIELDS);
        if let Some(m) = v.as_mapping_mut() {
            m.retain(|k, _| k.as_str().is_some_and(|k| FIELDS.contains(&k)));
        }
        serde_yaml::from_value(v)
    }
}

/// Renames a replacement's field names (loaded from a `path:` file, which
/// kustomize decodes leniently) to their canonical spelling.
pub(crate) fn canonical_replacement(v: &mut Value) {
    // Lenient decoding reports nothing.
    let _ = shape::normalize(v, &shape::REPLACEMENT, false);
}

impl Kustomization {
    /// Decodes a kustomization file.
    pub fn parse(text: &str, path: &str) -> Result<Self, KustomizationError> {
        let invalid = |message: String| KustomizationError::Invalid {
            path: path.to_string(),
            message,
        };
        crate::yaml::check_depth(text, path).map_err(|e| invalid(e.to_string()))?;
        let mut value =
            crate::yaml::parse_kustomization(text, path).map_err(|e| invalid(e.to_string()))?;
        if value.is_null() {
            return Err(invalid("kustomization file is empty".into()));
        }
        loose::canonical_keys(&mut value, TOP_LEVEL_FIELDS);
        strict::canonical_nested(&mut value);
        shape::normalize_kustomization(&mut value).map_err(invalid)?;
        strict::check(&value).map_err(invalid)?;
        if value.as_mapping().is_some_and(strict::is_empty) {
            return Err(invalid("kustomization file is empty".into()));
        }
        serde_yaml::from_value(value).map_err(|e| invalid(e.to_string()))
    }

    /// True for `kind: Component`.
    pub fn is_component(&self) -> bool {
        self.kind.as_deref() == Some("Component")
    }
}
