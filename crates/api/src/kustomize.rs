//! The `kustomize.toolkit.fluxcd.io/v1` API: the Kustomization kind, which builds
//! Kustomize overlays from a source artifact and applies them with server-side
//! apply. The overlay directives, health rules and ignore rules are shared with
//! HelmRelease.

mod constants;
mod decryption;
mod defaults;
mod health;
mod overlay;
mod spec;
mod status;
mod substitute;

pub use constants::*;
pub use decryption::{Decryption, DecryptionProvider};
pub use health::{CustomHealthCheck, IgnoreRule};
pub use overlay::{CommonMetadata, Image, Patch, Selector};
pub use spec::{
    BuildMetadata, CrossNamespaceSourceReference, DeletionPolicy, Kustomization, KustomizationSpec,
    SourceKind,
};
pub use status::{KustomizationStatus, Snapshot};
pub use substitute::{PostBuild, SubstituteKind, SubstituteReference, SubstituteStrategy};
