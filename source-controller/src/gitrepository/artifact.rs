//! The artifact step: skip when the stored artifact already matches the
//! revision and the build settings; otherwise clone, add includes, archive under
//! the object's lock, link `latest.tar.gz`, collect garbage, and report.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::ResourceExt;
use oxbow_api::constants::source::{
    INCLUDE_UNAVAILABLE_REASON, NEW_ARTIFACT_REASON, NEW_REVISION_REASON,
};
use oxbow_api::constants::{
    ARTIFACT_IN_STORAGE_CONDITION, ARTIFACT_OUTDATED_CONDITION, INCLUDE_UNAVAILABLE_CONDITION,
    STORAGE_OPERATION_FAILED_CONDITION, SUCCEEDED_REASON,
};
use oxbow_api::meta::Artifact;
use oxbow_api::source::{GitRepository, GitRepositoryInclude};
use oxbow_common::artifact::{Filter, Storage, StoredArtifact};
use oxbow_common::events::Severity;
use oxbow_common::runtime::conditions::ConditionSet;
use oxbow_common::runtime::object::FluxObject;
use oxbow_common::runtime::runner::Context;

use super::source::Fetched;
use super::{GitRepositoryError, GitRepositoryReconciler, Result, include, verification};

/// Drops `status.artifact` when its file is no longer in storage.
pub(super) fn forget_missing(object: &mut GitRepository, storage: &Storage) {
    let status = object.status.get_or_insert_default();
    if status
        .artifact
        .as_ref()
        .is_some_and(|a| !storage.exists(&a.path))
    {
        status.artifact = None;
        let generation = object.metadata.generation;
        ConditionSet::new(object.conditions_mut(), generation)
            .delete(ARTIFACT_IN_STORAGE_CONDITION);
    }
}

/// Makes sure the artifact of `fetched` is stored; returns its revision.
pub(super) async fn store(
    rec: &GitRepositoryReconciler,
    object: &mut GitRepository,
    fetched: Fetched,
    ctx: &Context,
) -> Result<String> {
    let generation = object.metadata.generation;
    let includes = match include::resolve(object, ctx).await {
        Ok(includes) => includes,
        Err(error) => {
            let message = error.to_string();
            ConditionSet::new(object.conditions_mut(), generation).mark_true(
                INCLUDE_UNAVAILABLE_CONDITION,
                INCLUDE_UNAVAILABLE_REASON,
                &message,
            );
            return Err(error);
        }
    };
    ConditionSet::new(object.conditions_mut(), generation).delete(INCLUDE_UNAVAILABLE_CONDITION);
    let revision = fetched.revision.clone();
    if up_to_date(object, &rec.storage, &revision, &includes) {
        succeed(object, &revision);
        return Ok(revision);
    }
    let workdir = tempfile::Builder::new()
        .prefix("gitrepository-")
        .tempdir()
        .map_err(GitRepositoryError::Workdir)?;
    let sparse = object.spec.sparse_checkout.clone().unwrap_or_default();
    let checkout = oxbow_git::clone(
        &fetched.remote,
        &fetched.selection,
        workdir.path(),
        &sparse,
        rec.max_size,
    )
    .await
    .map_err(GitRepositoryError::Git)?;
    verification::verify(object, ctx, &checkout, &fetched.selection).await?;
    // As Flux: a revision is announced as new only once its signature verified.
    if object
        .status
        .as_ref()
        .and_then(|s| s.artifact.as_ref())
        .is_none_or(|a| a.revision != revision)
    {
        let message = format!("new upstream revision '{revision}'");
        ConditionSet::new(object.conditions_mut(), generation).mark_true(
            ARTIFACT_OUTDATED_CONDITION,
            NEW_REVISION_REASON,
            &message,
        );
    }

    let dir = Storage::object_dir(
        "GitRepository",
        &object.namespace().unwrap_or_default(),
        &object.name_any(),
    );
    let path = format!("{dir}/{}.tar.gz", checkout.commit.id);
    let storage = Arc::clone(&rec.storage);
    let ignore = object.spec.ignore.clone();
    let max_size = rec.max_size;
    let included = includes.clone();
    let stored = tokio::task::spawn_blocking(
        move || -> std::result::Result<StoredArtifact, oxbow_common::artifact::ArtifactError> {
            include::copy(&storage, &included, &checkout.dir, max_size)?;
            let _lock = storage.lock(&dir)?;
            let filter = Filter::load(&checkout.dir, ignore.as_deref())?;
            let stored = storage.archive(&path, &checkout.dir, &filter, max_size)?;
            storage.link_latest(&stored.path)?;
            if let Err(error) = storage.garbage_collect(&stored.path) {
                tracing::warn!(
                    error = &error as &dyn std::error::Error,
                    "garbage collection failed"
                );
            }
            drop(workdir);
            Ok(stored)
        },
    )
    .await
    .map_err(|e| GitRepositoryError::Workdir(std::io::Error::other(e)))?
    .map_err(GitRepositoryError::Storage)?;

    let artifact = Artifact {
        path: stored.path.clone(),
        url: stored.url.clone(),
        revision: revision.clone(),
        digest: stored.digest.clone(),
        last_update_time: Time(Timestamp::now()),
        size: i64::try_from(stored.size).ok(),
        metadata: None,
    };
    let status = object.status.get_or_insert_default();
    status.artifact = Some(artifact);
    status.included_artifacts =
        (!includes.is_empty()).then(|| includes.iter().map(|(_, a)| a.clone()).collect());
    status.observed_ignore = object.spec.ignore.clone();
    status.observed_recurse_submodules = object.spec.recurse_submodules;
    status.observed_include = object.spec.include.clone();
    status.observed_sparse_checkout = object.spec.sparse_checkout.clone();
    succeed(object, &revision);
    let metadata = BTreeMap::from([
        ("revision".to_owned(), revision.clone()),
        ("digest".to_owned(), stored.digest),
    ]);
    let message = format!("stored artifact for commit '{}'", checkout.commit.summary);
    ctx.events.record(
        object,
        Severity::Info,
        NEW_ARTIFACT_REASON,
        &message,
        metadata,
    );
    Ok(revision)
}

fn succeed(object: &mut GitRepository, revision: &str) {
    let generation = object.metadata.generation;
    let mut set = ConditionSet::new(object.conditions_mut(), generation);
    set.mark_true(
        ARTIFACT_IN_STORAGE_CONDITION,
        SUCCEEDED_REASON,
        &format!("stored artifact for revision '{revision}'"),
    );
    set.delete(ARTIFACT_OUTDATED_CONDITION);
    set.delete(STORAGE_OPERATION_FAILED_CONDITION);
}

/// Whether the stored artifact is of `revision`, built with the current settings.
fn up_to_date(
    object: &GitRepository,
    storage: &Storage,
    revision: &str,
    includes: &[(GitRepositoryInclude, Artifact)],
) -> bool {
    let Some(status) = &object.status else {
        return false;
    };
    let Some(artifact) = &status.artifact else {
        return false;
    };
    let digests = |list: &[Artifact]| list.iter().map(|a| a.digest.clone()).collect::<Vec<_>>();
    let current: Vec<Artifact> = includes.iter().map(|(_, a)| a.clone()).collect();
    artifact.revision == revision
        && storage.exists(&artifact.path)
        && status.observed_ignore == object.spec.ignore
        && status.observed_recurse_submodules == object.spec.recurse_submodules
        && status.observed_include == object.spec.include
        && status.observed_sparse_checkout == object.spec.sparse_checkout
        && !verification::required(object)
        && digests(status.included_artifacts.as_deref().unwrap_or_default()) == digests(&current)
}
