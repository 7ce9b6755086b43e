//! A loaded chart: metadata, default values, schema, templates, other files and
//! subcharts, as Helm's loader arranges them.

mod metadata;

pub use metadata::{Dependency, Maintainer, Metadata};

/// One file of a chart: its path relative to the chart root, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the chart root, `/`-separated (`templates/deployment.yaml`).
    pub name: String,
    /// The file's content.
    pub data: Vec<u8>,
}

/// A chart and its subcharts, as loaded from a directory or an archive.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    /// `Chart.yaml`.
    pub metadata: Metadata,
    /// `values.yaml`, parsed (numbers as floats, like Helm's JSON round trip).
    pub values: serde_json::Map<String, serde_json::Value>,
    /// `values.schema.json`, raw.
    pub schema: Option<Vec<u8>>,
    /// Everything under `templates/`.
    pub templates: Vec<File>,
    /// Every other file (what `.Files` exposes), including `crds/`.
    pub files: Vec<File>,
    /// Subcharts from `charts/` (after dependency processing: the enabled ones).
    pub dependencies: Vec<Chart>,
    /// The chart path of the parent (`parent/charts/`), empty for the root chart.
    pub(crate) parent_path: Option<String>,
}

impl Chart {
    /// The chart's name (the alias, once dependencies are processed).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Whether this is the top-level chart.
    pub fn is_root(&self) -> bool {
        self.parent_path.is_none()
    }

    /// The chart's path as used in template names: `root/charts/sub/charts/subsub`.
    pub fn full_path(&self) -> String {
        match &self.parent_path {
            None => self.name().to_string(),
            Some(parent) => format!("{parent}/charts/{}", self.name()),
        }
    }

    /// Dependencies `Chart.yaml` declares that `charts/` does not hold (by
    /// name, whatever their condition), as Helm's `CheckDependencies` finds
    /// them before `helm template` and `helm install` run.
    pub fn missing_dependencies(&self) -> Vec<&str> {
        self.metadata
            .dependencies
            .iter()
            .map(|d| d.name.as_str())
            .filter(|name| !self.dependencies.iter().any(|c| c.name() == *name))
            .collect()
    }

    /// Whether this is a library chart (renders no manifests of its own).
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type == "library"
    }

    /// The CRD files under `crds/` (only `.yaml`, `.yml` and `.json`), in file order.
    pub fn crd_files(&self) -> impl Iterator<Item = &File> {
        self.files.iter().filter(|f| {
            f.name.starts_with("crds/")
                && (f.name.ends_with(".yaml")
                    || f.name.ends_with(".yml")
                    || f.name.ends_with(".json"))
        })
    }

    /// Re-roots the parent paths of this chart's subcharts, recursively.
    pub(crate) fn set_parent_paths(&mut self) {
        let me = self.full_path();
        for dep in &mut self.dependencies {
            dep.parent_path = Some(me.clone());
            dep.set_parent_paths();
        }
    }
}
