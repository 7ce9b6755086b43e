//! `oxbow-apiserver`: run the embedded Kubernetes API server standalone.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    oxbow_apiserver::cli::run(oxbow_apiserver::cli::Flags::parse()).await
}
