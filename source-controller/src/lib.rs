//! Oxbow's source-controller: GitRepository (with artifact storage and the
//! artifact server; the Git client is the `oxbow-git` crate); OCIRepository,
//! HelmRepository, HelmChart and Bucket are still reported as progressing by
//! the common stand-in reconciler.

pub mod app;
pub mod cli;
pub mod gitrepository;
pub mod kinds;
pub mod server;
