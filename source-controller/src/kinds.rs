//! The kinds the source-controller reconciles and the steps for each.

use oxbow_api::source::{Bucket, GitRepository, HelmChart, HelmRepository, OCIRepository};
use oxbow_common::runtime::runner::{MarkProgressing, Runner};

/// Registers every source kind with `runner`.
pub fn register(runner: Runner) -> Runner {
    runner
        .reconcile::<GitRepository, _>(MarkProgressing)
        .reconcile::<OCIRepository, _>(MarkProgressing)
        .reconcile::<HelmRepository, _>(MarkProgressing)
        .reconcile::<HelmChart, _>(MarkProgressing)
        .reconcile::<Bucket, _>(MarkProgressing)
}
