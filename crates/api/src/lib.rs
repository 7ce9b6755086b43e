//! Flux-compatible API types for Oxbow: the custom resources of
//! `source.toolkit.fluxcd.io`, `kustomize.toolkit.fluxcd.io`, `helm.toolkit.fluxcd.io`
//! and `notification.toolkit.fluxcd.io`, plus the constants every controller shares.

pub mod constants;
pub mod crds;
pub mod helm;
pub mod kustomize;
pub mod meta;
pub mod notification;
pub mod source;
