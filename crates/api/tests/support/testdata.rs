//! Helpers the API test harnesses share: where Flux's CRDs are, our generated
//! CRDs as JSON, and every document under `testdata/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// The shared directory holding `corpus/flux-crds`: `$OXBOW_SHARED_DIR`, or the
/// checkout's sibling `shared/` directory.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("OXBOW_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The directory with Flux's upstream CRDs.
pub fn flux_crds_dir() -> PathBuf {
    shared_dir().join("corpus/flux-crds")
}

/// Flux's CRD in `file_name` (`<group>_<plural>.yaml`), if the corpus has it.
pub fn flux_crd(file_name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(flux_crds_dir().join(file_name)).ok()?;
    Some(serde_yaml::from_str(&text).expect("Flux CRD is valid YAML"))
}

/// Every CRD Oxbow generates, as `(file name, CRD as JSON)`.
pub fn our_crds() -> Vec<(String, Value)> {
    oxbow_api::crds::all()
        .iter()
        .map(|crd| {
            let json = serde_json::to_value(crd).expect("CRD serialises");
            (oxbow_api::crds::file_name(crd), json)
        })
        .collect()
}

/// `spec.names.kind` of a CRD.
pub fn crd_kind(crd: &Value) -> &str {
    crd["spec"]["names"]["kind"].as_str().unwrap_or_default()
}

/// The storage version of a CRD (the only one when there is one).
pub fn storage_version(crd: &Value) -> Option<&Value> {
    let versions = crd["spec"]["versions"].as_array()?;
    versions
        .iter()
        .find(|v| v["storage"] == Value::Bool(true))
        .or_else(|| versions.first())
}

/// The `openAPIV3Schema` of a CRD's storage version.
pub fn storage_schema(crd: &Value) -> Option<&Value> {
    storage_version(crd).map(|v| &v["schema"]["openAPIV3Schema"])
}

/// One YAML document of a testdata file.
pub struct Document {
    /// `<file>#<index>`, for messages.
    pub name: String,
    /// The document as JSON.
    pub value: Value,
}

impl Document {
    /// The document's `apiVersion` group (empty for the core group).
    pub fn group(&self) -> &str {
        let api_version = self.value["apiVersion"].as_str().unwrap_or_default();
        api_version
            .rsplit_once('/')
            .map(|(g, _)| g)
            .unwrap_or_default()
    }

    /// The document's `kind`.
    pub fn kind(&self) -> &str {
        self.value["kind"].as_str().unwrap_or_default()
    }
}

/// Every document of every `*.yaml` file under `testdata/`, sorted by file.
pub fn testdata_documents() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files = Vec::new();
    collect_yaml_files(&root, &mut files);
    files.sort();
    let mut documents = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("testdata file is readable");
        let short = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (index, doc) in serde_yaml::Deserializer::from_str(&text).enumerate() {
            let value = Value::deserialize(doc)
                .unwrap_or_else(|e| panic!("{short}#{index} is not valid YAML: {e}"));
            if value.is_null() {
                continue;
            }
            documents.push(Document {
                name: format!("{short}#{index}"),
                value,
            });
        }
    }
    documents
}

fn collect_yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}
