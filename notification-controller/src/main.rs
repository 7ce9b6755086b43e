//! Oxbow's notification-controller: Receiver (Provider and Alert have no status
//! and are read when events are dispatched, as in Flux).

mod cli;

use clap::Parser;
use oxbow_api::notification::Receiver;
use oxbow_common::runtime::runner::{MarkProgressing, Runner};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    Runner::start(cli.runner_config())
        .await?
        .reconcile::<Receiver, _>(MarkProgressing)
        .run()
        .await?;
    Ok(())
}
