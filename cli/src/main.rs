//! The `oxbow` command: a flux-like CLI for the Oxbow controllers and engines.

mod app;
mod helm;
mod kustomize;

fn main() -> std::process::ExitCode {
    app::run()
}
