//! Types shared by more than one API group: conditions, object references,
//! artifacts, kubeconfig references and the reconcile-request status (what Flux
//! keeps in its `fluxcd/pkg/apis/meta` package).

mod artifact;
mod condition;
mod inventory;
mod kubeconfig;
mod reference;
mod request;

pub use artifact::Artifact;
pub use condition::{Condition, ConditionStatus};
pub use inventory::{ResourceInventory, ResourceRef};
pub use kubeconfig::KubeConfigReference;
pub use reference::{
    DependencyReference, LocalObjectReference, NamespacedObjectKindReference,
    NamespacedObjectReference, SecretKeyReference,
};
pub use request::{ForceRequestStatus, ReconcileRequestStatus, ResetRequestStatus};

/// Validation pattern of a Go duration made of `ms`, `s`, `m` and `h` parts
/// (`1m30s`, `10m`, `1.5h`), the form of every `interval` field.
pub const DURATION_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$";

/// Validation pattern of a duration limited to `ms`, `s` and `m` parts, the form
/// of the source kinds' `timeout` fields.
pub const TIMEOUT_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$";

/// Validation pattern of an artifact digest, `<algorithm>:<checksum>`.
pub const DIGEST_PATTERN: &str = r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$";
