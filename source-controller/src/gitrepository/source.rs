//! The source step: credentials from the Secrets, the remote's refs, and the
//! revision the spec selects. Cheap (no clone), so it runs on every reconcile.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::{Api, ResourceExt};
use oxbow_api::constants::FETCH_FAILED_CONDITION;
use oxbow_api::source::GitRepository;
use oxbow_common::runtime::conditions::ConditionSet;
use oxbow_common::runtime::flags::parse_duration;
use oxbow_common::runtime::object::FluxObject;
use oxbow_common::runtime::runner::Context;

use super::{GitRepositoryError, GitRepositoryReconciler, Result};
use oxbow_api::source::GitRepositoryRef;
use oxbow_git::{Credentials, Reference, Remote, Selection, refs};

/// `spec.timeout` when unset.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The remote and the revision it currently offers.
#[derive(Debug)]
pub(super) struct Fetched {
    pub(super) remote: Remote,
    pub(super) selection: Selection,
    pub(super) revision: String,
}

/// Resolves the wanted revision; clears `FetchFailed` when that works.
pub(super) async fn fetch(
    _rec: &GitRepositoryReconciler,
    object: &mut GitRepository,
    ctx: &Context,
) -> Result<Fetched> {
    let namespace = object.namespace().unwrap_or_default();
    let mut credentials = match &object.spec.secret_ref {
        Some(r) => Credentials::from_secret(&secret_data(ctx, &namespace, &r.name).await?)
            .map_err(GitRepositoryError::Git)?,
        None => Credentials::default(),
    };
    if let Some(r) = &object.spec.proxy_secret_ref {
        credentials = credentials
            .with_proxy(&secret_data(ctx, &namespace, &r.name).await?)
            .map_err(GitRepositoryError::Git)?;
    }
    let timeout = object
        .spec
        .timeout
        .as_deref()
        .and_then(|t| parse_duration(t).ok())
        .filter(|t| !t.is_zero())
        .unwrap_or(DEFAULT_TIMEOUT);
    let remote = Remote::new(&object.spec.url, &credentials, timeout)
        .map_err(GitRepositoryError::Git)?
        .with_submodules(object.spec.recurse_submodules == Some(true));
    let adv = remote.ls_remote().await.map_err(GitRepositoryError::Git)?;
    let reference = object
        .spec
        .reference
        .as_ref()
        .map(reference)
        .unwrap_or_default();
    let selection = refs::select(&reference, &adv).map_err(GitRepositoryError::Git)?;
    let revision = selection.revision();
    let generation = object.metadata.generation;
    ConditionSet::new(object.conditions_mut(), generation).delete(FETCH_FAILED_CONDITION);
    Ok(Fetched {
        remote,
        selection,
        revision,
    })
}

/// `spec.ref` as the Git client takes it.
fn reference(r: &GitRepositoryRef) -> Reference {
    Reference {
        branch: r.branch.clone(),
        tag: r.tag.clone(),
        semver: r.semver.clone(),
        name: r.name.clone(),
        commit: r.commit.clone(),
    }
}

/// The data of Secret `namespace/name`, `stringData` merged in.
pub(super) async fn secret_data(
    ctx: &Context,
    namespace: &str,
    name: &str,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let api: Api<Secret> = Api::namespaced(ctx.client.clone(), namespace);
    let secret = api
        .get(name)
        .await
        .map_err(|source| GitRepositoryError::Secret {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            source: source.into(),
        })?;
    let mut data: BTreeMap<String, Vec<u8>> = secret
        .data
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect();
    for (k, v) in secret.string_data.unwrap_or_default() {
        data.insert(k, v.into_bytes());
    }
    Ok(data)
}
