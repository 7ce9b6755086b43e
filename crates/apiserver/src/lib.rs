//! An embedded, single-process Kubernetes API server: the cluster behind `oxbow dev`
//! and the harness behind Oxbow's integration and end-to-end tests.
//!
//! Start one in tests with [`TestCluster::start`]; run one standalone with the
//! `oxbow-apiserver` binary or [`Server::start`].
pub mod patch;

pub mod app;
pub mod auth;
pub mod bootstrap;
pub mod cli;
pub mod cluster;
pub mod defaults;
pub mod discovery;
pub mod error;
pub mod events;
pub mod handlers;
pub mod kubeconfig;
pub mod meta;
pub mod namespace_contents;
pub mod openapi;
pub mod protobuf;
pub mod rbac;
pub mod registry;
pub mod schema;
pub mod selector;
pub mod server;
pub mod simulate;
pub mod store;
pub mod table;
pub mod tls;

pub use cluster::TestCluster;
pub use server::{Options, Server};
