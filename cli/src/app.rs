//! Command-line parsing and dispatch for `oxbow`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Oxbow: a fast, drop-in replacement for the Flux controllers.
#[derive(Debug, Parser)]
#[command(name = "oxbow", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build kustomizations, like `kubectl kustomize`.
    Kustomize(crate::kustomize::Args),
    /// Render Helm charts, like `helm template`.
    Helm(crate::helm::Args),
}

/// Parses the command line and runs the chosen command.
pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Kustomize(args) => crate::kustomize::run(args),
        Command::Helm(args) => crate::helm::run(args),
    }
}
