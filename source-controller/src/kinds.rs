//! The kinds the source-controller reconciles and the steps for each.

use oxbow_api::source::{Bucket, GitRepository, HelmChart, HelmRepository, OCIRepository};
use oxbow_common::runtime::runner::{MarkProgressing, Runner};

use crate::gitrepository::GitRepositoryReconciler;

/// Registers every source kind with `runner`.
pub fn register(runner: Runner, git: GitRepositoryReconciler) -> Runner {
    runner
        .reconcile::<GitRepository, _>(git)
        .reconcile::<OCIRepository, _>(MarkProgressing)
        .reconcile::<HelmRepository, _>(MarkProgressing)
        .reconcile::<HelmChart, _>(MarkProgressing)
        .reconcile::<Bucket, _>(MarkProgressing)
}
