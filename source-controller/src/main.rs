//! Oxbow's source-controller: GitRepository, OCIRepository, HelmRepository,
//! HelmChart and Bucket.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = source_controller::cli::Cli::parse();
    source_controller::app::run(cli).await
}
