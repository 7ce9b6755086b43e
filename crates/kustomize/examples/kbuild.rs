//! `kbuild <root> <dir> [none]`: builds a kustomization and prints the YAML
//! stream (a development aid; users run `oxbow kustomize build`).
#![allow(clippy::print_stdout)]

use oxbow_kustomize::{BuildOptions, DiskFs, LoadRestrictor, build_yaml};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let root = args.get(1).map(String::as_str).unwrap_or(".");
    let dir = args.get(2).map(String::as_str).unwrap_or("");
    let mut opts = BuildOptions::default();
    if args.get(3).map(String::as_str) == Some("none") {
        opts.load_restrictor = LoadRestrictor::None;
    }
    let result = DiskFs::new(root)
        .map_err(Into::into)
        .and_then(|fs| build_yaml(&fs, dir, &opts));
    match result {
        Ok(s) => {
            print!("{s}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
