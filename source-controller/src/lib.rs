//! Oxbow's source-controller: GitRepository (with artifact storage and the
//! artifact server); OCIRepository, HelmRepository, HelmChart and Bucket are
//! still reported as progressing by the common stand-in reconciler.

pub mod app;
pub mod cli;
pub mod git;
pub mod gitrepository;
pub mod kinds;
pub mod server;
