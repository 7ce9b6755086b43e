//! Reasons used only by the source kinds (`source.toolkit.fluxcd.io`).

/// Reason: the URL in the spec cannot be parsed or has an unsupported scheme.
pub const URL_INVALID_REASON: &str = "URLInvalid";
/// Reason: the credentials were missing, malformed or refused.
pub const AUTHENTICATION_FAILED_REASON: &str = "AuthenticationFailed";
/// Reason: verification could not run (e.g. missing or unreadable keys).
pub const VERIFICATION_ERROR_REASON: &str = "VerificationError";
/// Reason: the content's signature did not verify.
pub const VERIFICATION_FAILED_REASON: &str = "VerificationFailed";
/// Reason: `spec.verify.mode` asks to verify a tag but the reference is no tag.
pub const INVALID_VERIFICATION_MODE_REASON: &str = "InvalidVerificationMode";
/// Reason: the Git object to verify carries no signature (e.g. an unsigned tag).
pub const INVALID_GIT_OBJECT_REASON: &str = "InvalidGitObject";
/// Reason: the signature of the Git tag did not verify with any trusted key.
pub const INVALID_TAG_SIGNATURE_REASON: &str = "InvalidTagSignature";
/// Reason: the signature of the Git commit did not verify with any trusted key.
pub const INVALID_COMMIT_SIGNATURE_REASON: &str = "InvalidCommitSignature";
/// Reason: an included source is missing or has no artifact yet.
pub const INCLUDE_UNAVAILABLE_REASON: &str = "IncludeUnavailable";
/// Event reason: a new artifact was stored.
pub const NEW_ARTIFACT_REASON: &str = "NewArtifact";
/// Reason: a Git clone, fetch or checkout failed.
pub const GIT_OPERATION_FAILED_REASON: &str = "GitOperationFailed";
/// Reason: a Git clone, fetch or checkout succeeded.
pub const GIT_OPERATION_SUCCEEDED_REASON: &str = "GitOperationSucceeded";
/// Reason: listing or downloading objects from a bucket failed.
pub const BUCKET_OPERATION_FAILED_REASON: &str = "BucketOperationFailed";
/// Reason: listing and downloading objects from a bucket succeeded.
pub const BUCKET_OPERATION_SUCCEEDED_REASON: &str = "BucketOperationSucceeded";
/// Reason: pulling an OCI artifact failed.
pub const OCI_ARTIFACT_PULL_FAILED_REASON: &str = "OCIArtifactPullFailed";
/// Reason: extracting or selecting a layer of an OCI artifact failed.
pub const OCI_ARTIFACT_LAYER_OPERATION_FAILED_REASON: &str = "OCIArtifactLayerOperationFailed";
/// Reason: an OCI registry operation (e.g. listing tags) failed.
pub const OCI_OPERATION_FAILED_REASON: &str = "OCIOperationFailed";
/// Reason: downloading or parsing a Helm repository index failed.
pub const INDEXATION_FAILED_REASON: &str = "IndexationFailed";
/// Reason: a Helm repository index was downloaded and parsed.
pub const INDEXATION_SUCCEEDED_REASON: &str = "IndexationSucceeded";
/// Reason: pulling a chart from its repository failed.
pub const CHART_PULL_FAILED_REASON: &str = "ChartPullFailed";
/// Reason: a chart was pulled from its repository.
pub const CHART_PULL_SUCCEEDED_REASON: &str = "ChartPullSucceeded";
/// Reason: packaging a chart from a source directory failed.
pub const CHART_PACKAGE_FAILED_REASON: &str = "ChartPackageFailed";
/// Reason: a chart was packaged from a source directory.
pub const CHART_PACKAGE_SUCCEEDED_REASON: &str = "ChartPackageSucceeded";
/// Reason: the HelmChart's source reference cannot be resolved.
pub const INVALID_CHART_REFERENCE_REASON: &str = "InvalidChartReference";
/// Reason: a path in the spec leaves the source's root.
pub const ILLEGAL_PATH_REASON: &str = "IllegalPath";
/// Reason: a new revision was found at the origin.
pub const NEW_REVISION_REASON: &str = "NewRevision";
/// Reason: a new chart version was found or built.
pub const NEW_CHART_REASON: &str = "NewChart";
/// Reason: a storage operation (write, archive, lock, garbage collection) failed.
pub const STORAGE_OPERATION_FAILED_REASON: &str = "StorageOperationFailed";
/// Reason: creating a directory in the artifact storage failed.
pub const DIR_CREATION_FAILED_REASON: &str = "DirectoryCreationFailed";
/// Reason: reading file metadata in the artifact storage failed.
pub const STAT_OPERATION_FAILED_REASON: &str = "StatOperationFailed";
/// Reason: reading a file from the artifact storage failed.
pub const READ_OPERATION_FAILED_REASON: &str = "ReadOperationFailed";
/// Reason: acquiring the artifact's storage lock failed.
pub const ACQUIRE_LOCK_FAILED_REASON: &str = "AcquireLockFailed";
/// Reason: a path in the artifact storage is invalid.
pub const INVALID_PATH_REASON: &str = "InvalidPath";
/// Reason: writing the artifact archive failed.
pub const ARCHIVE_OPERATION_FAILED_REASON: &str = "ArchiveOperationFailed";
/// Reason: updating the artifact's `latest` symlink failed.
pub const SYMLINK_UPDATE_FAILED_REASON: &str = "SymlinkUpdateFailed";
/// Reason: the object's status could not be patched.
pub const PATCH_OPERATION_FAILED_REASON: &str = "PatchOperationFailed";
/// Reason: the cached Helm repository index could not be used.
pub const CACHE_OPERATION_FAILED_REASON: &str = "CacheOperationFailed";
/// Reason: the STS settings of a Bucket are invalid for its provider.
pub const INVALID_STS_CONFIGURATION_REASON: &str = "InvalidSTSConfiguration";
/// Reason: the provider settings (e.g. a service account) are invalid.
pub const INVALID_PROVIDER_CONFIGURATION_REASON: &str = "InvalidProviderConfiguration";
