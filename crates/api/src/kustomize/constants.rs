//! Names that belong to the Kustomization kind: labels and annotations on the
//! objects it applies, their values, and event metadata keys. Condition types
//! and reasons shared with other kinds live in [`crate::constants`].

/// The group of the Kustomization kind.
pub const GROUP: &str = "kustomize.toolkit.fluxcd.io";
/// The storage version of the Kustomization kind.
pub const VERSION: &str = "v1";
/// The kind's name.
pub const KIND: &str = "Kustomization";

// Labels on applied objects.

/// Label: the name of the Kustomization that applied the object.
pub const NAME_LABEL: &str = "kustomize.toolkit.fluxcd.io/name";
/// Label: the namespace of the Kustomization that applied the object.
pub const NAMESPACE_LABEL: &str = "kustomize.toolkit.fluxcd.io/namespace";

// Annotations (or labels) on objects in the source that change how they are applied.

/// Annotation: the server-side apply policy of an object
/// (`Override`, `Merge`, `IfNotPresent` or `Ignore`).
pub const SSA_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/ssa";
/// Annotation: `Enabled` to recreate the object when immutable fields change.
pub const FORCE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/force";
/// Annotation: `Disabled` to never garbage-collect the object.
pub const PRUNE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/prune";
/// Annotation: `disabled` to skip post-build substitution for the object.
pub const SUBSTITUTE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/substitute";
/// Annotation: `Disabled` to leave the object encrypted.
pub const DECRYPT_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/decrypt";
/// Annotation: `disabled` to stop updating an object that already exists (the
/// older spelling of `ssa: IfNotPresent`).
pub const RECONCILE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/reconcile";

// Values of those annotations (compared case-insensitively).

/// SSA policy: make the object match the source, undoing others' changes.
pub const SSA_OVERRIDE: &str = "Override";
/// SSA policy: keep fields other managers added that the source does not set.
pub const SSA_MERGE: &str = "Merge";
/// SSA policy: create the object only if it does not exist yet.
pub const SSA_IF_NOT_PRESENT: &str = "IfNotPresent";
/// SSA policy: never apply the object.
pub const SSA_IGNORE: &str = "Ignore";
/// Value turning a per-object policy on.
pub const ENABLED_VALUE: &str = "Enabled";
/// Value turning a per-object policy off.
pub const DISABLED_VALUE: &str = "Disabled";

// Field managers.

/// Field manager whose fields the controller leaves alone, for changes made with
/// `kubectl apply --field-manager=flux-client-side-apply`.
pub const CLIENT_SIDE_APPLY_FIELD_MANAGER: &str = "flux-client-side-apply";

// Event metadata.

/// Event metadata key: the source revision that was applied.
pub const REVISION_METADATA_KEY: &str = "kustomize.toolkit.fluxcd.io/revision";
/// Event metadata key: the origin revision of the applied artifact, read by
/// commit-status providers.
pub const ORIGIN_REVISION_METADATA_KEY: &str = "originRevision";

// Decryption.

/// Suffix of a decryption Secret key holding an age identity.
pub const AGE_KEY_SUFFIX: &str = ".agekey";
/// Suffix of a decryption Secret key holding an OpenPGP private key.
pub const PGP_KEY_SUFFIX: &str = ".asc";
/// Decryption Secret key holding a Vault/OpenBao token.
pub const VAULT_TOKEN_KEY: &str = "sops.vault-token";
/// Decryption Secret key holding AWS KMS credentials.
pub const AWS_KMS_KEY: &str = "sops.aws-kms";
/// Decryption Secret key holding Azure Key Vault credentials.
pub const AZURE_KV_KEY: &str = "sops.azure-kv";
/// Decryption Secret key holding GCP KMS credentials.
pub const GCP_KMS_KEY: &str = "sops.gcp-kms";

// Defaults.

/// Keys tried, in order, for a kubeconfig Secret without `secretRef.key`.
pub const KUBECONFIG_SECRET_KEYS: [&str; 2] = ["value", "value.yaml"];
/// How many entries `status.history` keeps.
pub const HISTORY_LIMIT: usize = 5;
