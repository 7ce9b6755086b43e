//! Oxbow's source-controller: GitRepository, OCIRepository, HelmRepository,
//! HelmChart and Bucket.

mod cli;
mod kinds;

use clap::Parser;
use oxbow_common::runtime::runner::Runner;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    let runner = Runner::start(cli.runner_config()).await?;
    kinds::register(runner).run().await?;
    Ok(())
}
