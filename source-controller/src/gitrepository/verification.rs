//! The verification step (`spec.verify`), in Flux's place: after the checkout and
//! before the artifact is built. The HEAD commit and/or the tag the reference
//! points at must be signed by a key of the verification Secret; otherwise
//! `SourceVerified=False` and no new artifact (the previous one stays served).

use std::collections::BTreeMap;
use std::path::Path;

use git2::ObjectType;
use kube::ResourceExt;
use oxbow_api::constants::{SOURCE_VERIFIED_CONDITION, SUCCEEDED_REASON};
use oxbow_api::meta::ConditionStatus;
use oxbow_api::source::{GitRepository, GitVerificationMode};
use oxbow_common::events::Severity;
use oxbow_common::runtime::conditions::{ConditionSet, find};
use oxbow_common::runtime::object::FluxObject;
use oxbow_common::runtime::outcome::Failure;
use oxbow_common::runtime::runner::Context;

use super::{GitRepositoryError, Result, source};
use oxbow_git::verify::{SignedObject, TrustedKeys, tag_name};
use oxbow_git::{Checkout, Selection, checkout};

/// Commits and tags larger than this are refused rather than read for verification.
const MAX_SIGNED_OBJECT: usize = 16 << 20;

/// Flux's name of a verification mode (`head` is the older spelling of `HEAD`).
fn mode_name(mode: GitVerificationMode) -> &'static str {
    match mode {
        GitVerificationMode::LegacyHead | GitVerificationMode::Head => "HEAD",
        GitVerificationMode::Tag => "Tag",
        GitVerificationMode::TagAndHead => "TagAndHEAD",
    }
}

fn verifies_tag(mode: GitVerificationMode) -> bool {
    matches!(
        mode,
        GitVerificationMode::Tag | GitVerificationMode::TagAndHead
    )
}

fn verifies_head(mode: GitVerificationMode) -> bool {
    !matches!(mode, GitVerificationMode::Tag)
}

/// Before anything is fetched: a failed verification is judged anew, and without
/// `spec.verify` nothing verification-related stays in status.
pub(super) fn reset(object: &mut GitRepository) {
    let generation = object.metadata.generation;
    if object.spec.verify.is_none() {
        object
            .status
            .get_or_insert_default()
            .source_verification_mode = None;
        ConditionSet::new(object.conditions_mut(), generation).delete(SOURCE_VERIFIED_CONDITION);
        return;
    }
    let failed = find(object.conditions(), SOURCE_VERIFIED_CONDITION)
        .is_some_and(|c| c.status == ConditionStatus::False);
    if failed {
        ConditionSet::new(object.conditions_mut(), generation).delete(SOURCE_VERIFIED_CONDITION);
    }
}

/// Whether the stored artifact must be verified again although its revision is
/// current: never verified, or verified in a mode that covers less than the spec's.
pub(super) fn required(object: &GitRepository) -> bool {
    let Some(verify) = &object.spec.verify else {
        return false;
    };
    let wanted = mode_name(verify.mode.unwrap_or_default());
    let observed = object
        .status
        .as_ref()
        .and_then(|s| s.source_verification_mode.as_deref());
    match observed {
        None => true,
        Some(observed) => {
            observed != wanted && observed != mode_name(GitVerificationMode::TagAndHead)
        }
    }
}

/// Verifies the checked-out revision as `spec.verify` asks; records the result in
/// `SourceVerified` and `status.sourceVerificationMode`.
pub(super) async fn verify(
    object: &mut GitRepository,
    ctx: &Context,
    checkout: &Checkout,
    selection: &Selection,
) -> Result<()> {
    let Some(spec) = object.spec.verify.clone() else {
        reset(object);
        return Ok(());
    };
    let mode = spec.mode.unwrap_or_default();
    let namespace = object.namespace().unwrap_or_default();
    let result = match source::secret_data(ctx, &namespace, &spec.secret_ref.name).await {
        Ok(data) => {
            let keys = TrustedKeys::from_secret(data.iter().map(|(k, v)| (k.as_str(), &v[..])));
            check(mode, keys, checkout, selection).await
        }
        Err(GitRepositoryError::Secret { source, .. }) => {
            Err(GitRepositoryError::VerificationSecret(source))
        }
        Err(other) => Err(other),
    };
    let generation = object.metadata.generation;
    match result {
        Ok(message) => {
            object
                .status
                .get_or_insert_default()
                .source_verification_mode = Some(mode_name(mode).to_owned());
            ConditionSet::new(object.conditions_mut(), generation).mark_true(
                SOURCE_VERIFIED_CONDITION,
                SUCCEEDED_REASON,
                &message,
            );
            ctx.events.record(
                object,
                Severity::Trace,
                SUCCEEDED_REASON,
                &message,
                BTreeMap::new(),
            );
            Ok(())
        }
        Err(error) => {
            let failure = Failure::from_error(&error);
            ConditionSet::new(object.conditions_mut(), generation).mark_false(
                SOURCE_VERIFIED_CONDITION,
                &failure.reason,
                &failure.message,
            );
            Err(error)
        }
    }
}

/// Verifies the tag and/or the commit off the async runtime (parsing and checking
/// signatures is CPU work on untrusted input: even a panic in a parser stays
/// contained in the blocking task and becomes an error).
async fn check(
    mode: GitVerificationMode,
    keys: TrustedKeys,
    checkout: &Checkout,
    selection: &Selection,
) -> Result<String> {
    let git_dir = checkout.git_dir.clone();
    let commit = checkout.commit.id.clone();
    let selection = selection.clone();
    tokio::task::spawn_blocking(move || check_objects(mode, &keys, &git_dir, &commit, &selection))
        .await
        .map_err(|e| GitRepositoryError::VerificationAborted(e.to_string()))?
}

/// Verifies the tag and/or the commit; returns Flux's success message.
fn check_objects(
    mode: GitVerificationMode,
    keys: &TrustedKeys,
    git_dir: &Path,
    commit: &str,
    selection: &Selection,
) -> Result<String> {
    let read = |id: &str| {
        checkout::read_object(git_dir, id, MAX_SIGNED_OBJECT).map_err(GitRepositoryError::Git)
    };
    let mut verified = Vec::new();
    if verifies_tag(mode) {
        let tag_object = selection
            .tag_object
            .as_deref()
            .ok_or(GitRepositoryError::VerificationMode)?;
        let (kind, raw) = read(tag_object)?;
        let reference = selection.name.as_deref().unwrap_or_default();
        let short_name = reference.strip_prefix("refs/tags/").unwrap_or(reference);
        if kind != ObjectType::Tag {
            // A lightweight tag: there is no tag object that could carry a signature.
            return Err(GitRepositoryError::UnsignedTag(short_name.to_owned()));
        }
        let name = tag_name(&raw).unwrap_or_else(|| short_name.to_owned());
        let tag = format!("{name}@{tag_object}");
        let signed = SignedObject::tag(&raw);
        if signed.signature.trim().is_empty() {
            return Err(GitRepositoryError::UnsignedTag(tag));
        }
        let key = keys
            .verify(&signed)
            .map_err(|source| GitRepositoryError::TagSignature {
                tag: tag.clone(),
                source,
            })?;
        verified.push(format!("tag '{tag}' with key '{key}'"));
    }
    if verifies_head(mode) {
        let (_, raw) = read(commit)?;
        let key = keys.verify(&SignedObject::commit(&raw)).map_err(|source| {
            GitRepositoryError::CommitSignature {
                commit: commit.to_owned(),
                source,
            }
        })?;
        verified.push(format!("commit '{commit}' with key '{key}'"));
    }
    Ok(format!(
        "verified signature of\n\t- {}",
        verified.join("\n\t- ")
    ))
}

#[cfg(test)]
mod tests {
    use oxbow_api::meta::LocalObjectReference;
    use oxbow_api::source::GitRepositoryVerification;

    use super::*;

    fn object(mode: Option<GitVerificationMode>, observed: Option<&str>) -> GitRepository {
        let mut object = GitRepository::fixture("default", "app", "https://example.com/app.git");
        object.spec.verify = Some(GitRepositoryVerification {
            mode,
            secret_ref: LocalObjectReference::new("keys"),
        });
        object
            .status
            .get_or_insert_default()
            .source_verification_mode = observed.map(Into::into);
        object
    }

    #[test]
    fn a_stored_artifact_is_verified_again_when_the_spec_asks_for_more() {
        use GitVerificationMode::{Head, LegacyHead, Tag, TagAndHead};
        for (mode, observed, required_again) in [
            (None, None, true),
            (None, Some("HEAD"), false),
            (Some(LegacyHead), Some("HEAD"), false),
            (Some(Head), Some("Tag"), true),
            (Some(Tag), Some("HEAD"), true),
            (Some(Tag), Some("Tag"), false),
            (Some(TagAndHead), Some("Tag"), true),
            (Some(TagAndHead), Some("HEAD"), true),
            (Some(Head), Some("TagAndHEAD"), false),
            (Some(Tag), Some("TagAndHEAD"), false),
        ] {
            assert_eq!(
                required(&object(mode, observed)),
                required_again,
                "{mode:?} after {observed:?}"
            );
        }
        let mut unverified = object(None, Some("HEAD"));
        unverified.spec.verify = None;
        assert!(!required(&unverified));
    }

    #[test]
    fn reset_forgets_failures_and_everything_once_verify_is_removed() {
        let mut failed = object(None, Some("HEAD"));
        ConditionSet::new(failed.conditions_mut(), None).mark_false(
            SOURCE_VERIFIED_CONDITION,
            "InvalidCommitSignature",
            "signature verification of commit 'abc' failed",
        );
        reset(&mut failed);
        assert!(find(failed.conditions(), SOURCE_VERIFIED_CONDITION).is_none());
        assert_eq!(
            failed
                .status
                .as_ref()
                .unwrap()
                .source_verification_mode
                .as_deref(),
            Some("HEAD")
        );

        let mut verified = object(None, Some("HEAD"));
        ConditionSet::new(verified.conditions_mut(), None).mark_true(
            SOURCE_VERIFIED_CONDITION,
            SUCCEEDED_REASON,
            "verified signature of\n\t- commit 'abc' with key 'K'",
        );
        reset(&mut verified);
        assert!(find(verified.conditions(), SOURCE_VERIFIED_CONDITION).is_some());

        verified.spec.verify = None;
        reset(&mut verified);
        assert!(find(verified.conditions(), SOURCE_VERIFIED_CONDITION).is_none());
        assert_eq!(verified.status.unwrap().source_verification_mode, None);
    }
}
