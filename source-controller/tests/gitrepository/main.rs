//! GitRepository integration tests: the controller against the embedded API
//! server, fetching from real Git servers on loopback.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod auth;
mod bad_input;
mod content;
mod daemon;
mod lifecycle;
mod proxy;
mod refs;
mod ssh;
mod submodules;
mod verify;

use oxbow_api::source::GitRepository;

/// A GitRepository of `url` in the test namespace.
fn repository(name: &str, url: &str) -> GitRepository {
    GitRepository::fixture(support::controller::NS, name, url)
}

/// Entries of a downloaded tar.gz, sorted as stored.
fn entries(bytes: &[u8]) -> Vec<String> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    archive
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

/// The stored artifact's revision, or "" without one.
pub(crate) fn revision(repo: &GitRepository) -> String {
    repo.status
        .as_ref()
        .and_then(|s| s.artifact.as_ref())
        .map(|a| a.revision.clone())
        .unwrap_or_default()
}

/// The message of condition `type_`, or "" without it.
pub(crate) fn message(repo: &GitRepository, type_: &str) -> String {
    let conditions = repo.status.as_ref().and_then(|s| s.conditions.as_ref());
    conditions
        .and_then(|c| c.iter().find(|c| c.type_ == type_))
        .map(|c| c.message.clone())
        .unwrap_or_default()
}
