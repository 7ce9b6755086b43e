//! Oxbow's kustomize-controller: Kustomization.

mod cli;

use clap::Parser;
use oxbow_api::kustomize::Kustomization;
use oxbow_common::runtime::runner::{MarkProgressing, Runner};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    Runner::start(cli.runner_config())
        .await?
        .reconcile::<Kustomization, _>(MarkProgressing)
        .run()
        .await?;
    Ok(())
}
