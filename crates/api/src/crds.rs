//! The CustomResourceDefinitions of every Oxbow kind, generated from the Rust
//! types and normalised so they are schema-equivalent to Flux's own CRDs.

mod files;
mod normalize;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::CustomResourceExt;

pub use files::{FilesError, render, stale, write};
pub use normalize::normalize;

/// Every CRD Oxbow serves, one line per kind, in a stable order.
pub fn all() -> Vec<CustomResourceDefinition> {
    vec![
        crd::<crate::source::GitRepository>(),
        crd::<crate::source::OCIRepository>(),
        crd::<crate::source::HelmRepository>(),
        crd::<crate::source::HelmChart>(),
        crd::<crate::source::Bucket>(),
        crd::<crate::source::ExternalArtifact>(),
        crd::<crate::kustomize::Kustomization>(),
        crd::<crate::helm::HelmRelease>(),
        crd::<crate::notification::Provider>(),
        crd::<crate::notification::Alert>(),
        crd::<crate::notification::Receiver>(),
    ]
}

/// The normalised CRD of kind `K`.
pub fn crd<K: CustomResourceExt>() -> CustomResourceDefinition {
    let mut crd = K::crd();
    normalize(&mut crd);
    crd
}

/// The file name Flux uses for a CRD: `<group>_<plural>.yaml`.
pub fn file_name(crd: &CustomResourceDefinition) -> String {
    format!("{}_{}.yaml", crd.spec.group, crd.spec.names.plural)
}

/// A CRD rendered as YAML, as written by `crdgen`.
pub fn to_yaml(crd: &CustomResourceDefinition) -> Result<String, serde_yaml::Error> {
    Ok(format!("---\n{}", serde_yaml::to_string(crd)?))
}
