//! The `helm.toolkit.fluxcd.io/v2` API: the HelmRelease kind, which installs a
//! Helm chart as a release and keeps it up to date, with tests, remediation and
//! drift correction.

mod chart;
mod constants;
mod install;
mod policy;
mod release;
mod remediation;
mod render;
mod requests;
mod rollback;
mod schemas;
mod spec;
mod status;
mod testing;
mod upgrade;
mod values;

pub use chart::{
    ChartRefKind, ChartSourceKind, CrossNamespaceObjectReference, CrossNamespaceSourceReference,
    HelmChartTemplate, HelmChartTemplateObjectMeta, HelmChartTemplateSpec,
    HelmChartTemplateVerification, ReconcileStrategy, VerificationProvider,
};
pub use constants::*;
pub use install::{Install, InstallRemediation, InstallStrategy};
pub use policy::{CrdsPolicy, ServerSideApplyMode, StrategyName};
pub use remediation::Remediation;
pub use render::{
    DriftDetection, DriftDetectionMode, Kustomize, PostRenderStrategy, PostRenderer, WaitStrategy,
    WaitStrategyName,
};
pub use rollback::{DeletionPropagation, Rollback, Uninstall};
pub use spec::{HelmRelease, HelmReleaseSpec};
pub use status::{HelmReleaseStatus, ReleaseAction, Snapshot, TestHookStatus};
pub use testing::{Filter, Test};
pub use upgrade::{
    ChartNameChangeStrategy, RemediationStrategy, Upgrade, UpgradeRemediation, UpgradeStrategy,
};
pub use values::{ValuesKind, ValuesReference};
