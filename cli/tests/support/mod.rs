//! What the CLI's integration tests share.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `oxbow kustomize build <dir> <extra>...` and returns what it printed.
pub fn oxbow(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oxbow"))
        .args(["kustomize", "build"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}
