//! A pure-Rust `kustomize build`: reads a kustomization tree through a root-confined
//! filesystem and produces the same resources as Kustomize v5.5.0.
//!
//! ```
//! use oxbow_kustomize::{MemoryFs, build_documents, BuildOptions};
//! let fs = MemoryFs::new()
//!     .with("kustomization.yaml", "resources: [cm.yaml]\nnamePrefix: p-\n")
//!     .with("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
//! let docs = build_documents(&fs, "", &BuildOptions::default()).unwrap();
//! assert_eq!(docs[0]["metadata"]["name"], "p-c");
//! ```

mod build;
pub mod config;
mod crds;
pub mod emit;
mod error;
pub mod fs;
mod generate;
mod hash;
pub mod kustomization;
mod nameref;
pub mod order;
pub mod origin;
pub mod patch;
pub mod remote;
mod replacement;
pub mod resid;
pub mod resource;
pub mod selector;
mod transform;
mod vars;
pub mod yaml;

pub use build::{BuildOptions, LoadRestrictor, is_remote};
pub use error::BuildError;
pub use fs::{DiskFs, FileSystem, FsError, MemoryFs};
pub use remote::{RemoteContent, RemoteError, RemoteKind, RemoteLoader, RemoteTarget};

/// One output document.
pub type Document = serde_yaml::Value;

/// Builds the kustomization in `path` (relative to the filesystem root) and
/// returns its documents in kustomize's output order.
pub fn build_documents(
    fs: &dyn FileSystem,
    path: &str,
    opts: &BuildOptions,
) -> Result<Vec<Document>, BuildError> {
    build::build(fs, path, opts)
}

/// Builds and renders the YAML stream `kustomize build` prints.
pub fn build_yaml(
    fs: &dyn FileSystem,
    path: &str,
    opts: &BuildOptions,
) -> Result<String, BuildError> {
    Ok(emit::to_stream(&build_documents(fs, path, opts)?))
}
