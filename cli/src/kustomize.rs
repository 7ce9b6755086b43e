//! `oxbow kustomize`: not implemented yet.

use std::process::ExitCode;

/// Arguments of `oxbow kustomize`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

/// Runs `oxbow kustomize`.
pub(crate) fn run(_args: Args) -> ExitCode {
    eprintln!("oxbow kustomize: not implemented yet");
    ExitCode::FAILURE
}
