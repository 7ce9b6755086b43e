//! Writes the CRDs of every Oxbow kind as YAML: `crdgen --out DIR [--check]`.
//! With `--check` nothing is written; it exits 1 listing the files that would change.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1));
    let Some(out) = out else {
        eprintln!("usage: crdgen --out DIR [--check]");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(out);
    let result = if check {
        oxbow_api::crds::stale(dir)
    } else {
        oxbow_api::crds::write(dir)
    };
    match result {
        Ok(files) if check && !files.is_empty() => {
            files
                .iter()
                .for_each(|f| eprintln!("out of date: {}", dir.join(f).display()));
            ExitCode::FAILURE
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crdgen: {e}");
            ExitCode::FAILURE
        }
    }
}
