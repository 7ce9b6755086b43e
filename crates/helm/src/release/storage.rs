//! The Secret a release is stored in (Helm's `secrets` storage driver).

use std::collections::BTreeMap;

use super::codec::{CodecError, encode};
use super::{Info, Release};

/// The Secret type Helm 3 and 4 use for releases.
pub const SECRET_TYPE: &str = "helm.sh/release.v1";

/// The owner label value Helm sets.
const OWNER: &str = "helm";

/// `sh.helm.release.v1.<name>.v<revision>`.
pub fn secret_name(name: &str, revision: i64) -> String {
    format!("sh.helm.release.v1.{name}.v{revision}")
}

/// The labels Helm puts on a release Secret: the release's custom labels, then
/// `name`, `owner`, `status` and `version` (which win over custom ones).
pub fn storage_labels(
    rls: &Release,
    custom: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut labels = custom.clone();
    labels.insert("name".into(), rls.name.clone());
    labels.insert("owner".into(), OWNER.into());
    let status = rls
        .info
        .as_ref()
        .map_or_else(|| Info::default().status, |i| i.status);
    labels.insert("status".into(), status.as_str().into());
    labels.insert("version".into(), rls.version.to_string());
    labels
}

/// The parts of the Secret that stores a release; `data["release"]` holds the
/// encoded release (which the API then base64-encodes once more, as Helm's does).
#[derive(Debug, Clone, PartialEq)]
pub struct StorageSecret {
    /// `sh.helm.release.v1.<name>.v<revision>`.
    pub name: String,
    /// Namespace of the release.
    pub namespace: String,
    /// Labels (see [`storage_labels`]).
    pub labels: BTreeMap<String, String>,
    /// Always [`SECRET_TYPE`].
    pub type_: String,
    /// The `release` key's value: the encoded release text.
    pub release: String,
}

impl StorageSecret {
    /// The Secret as a Kubernetes JSON object.
    pub fn to_json(&self) -> serde_json::Value {
        use base64::Engine;
        serde_json::json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": self.labels},
            "type": self.type_,
            "data": {"release": base64::engine::general_purpose::STANDARD.encode(self.release.as_bytes())},
        })
    }
}

/// The Secret Helm's `secrets` driver would create for `rls`; `created_at` is the
/// Unix time Helm records in the `createdAt` label on create.
///
/// # Errors
/// When the release cannot be encoded.
pub fn to_secret(
    rls: &Release,
    custom_labels: &BTreeMap<String, String>,
    created_at: Option<i64>,
) -> Result<StorageSecret, CodecError> {
    let mut labels = storage_labels(rls, custom_labels);
    if let Some(t) = created_at {
        labels.insert("createdAt".into(), t.to_string());
    }
    Ok(StorageSecret {
        name: secret_name(&rls.name, rls.version),
        namespace: rls.namespace.clone(),
        labels,
        type_: super::storage::SECRET_TYPE.into(),
        release: encode(rls)?,
    })
}
