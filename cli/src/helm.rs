//! `oxbow helm`: not implemented yet.

use std::process::ExitCode;

/// Arguments of `oxbow helm`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

/// Runs `oxbow helm`.
pub(crate) fn run(_args: Args) -> ExitCode {
    eprintln!("oxbow helm: not implemented yet");
    ExitCode::FAILURE
}
