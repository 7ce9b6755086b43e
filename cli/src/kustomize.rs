//! `oxbow kustomize build <dir>`: a fast, drop-in `kubectl kustomize`.

mod git;
mod http;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use oxbow_kustomize::{BuildOptions, DiskFs, LoadRestrictor, build_yaml};

/// Arguments of `oxbow kustomize`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Build a kustomization directory and print the resources, like `kubectl kustomize <dir>`.
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The directory holding the kustomization.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Whether files outside a kustomization's directory may be loaded.
    #[arg(long, value_enum, default_value = "LoadRestrictionsRootOnly")]
    load_restrictor: Restrictor,
    /// The directory no file access may leave (default: the current directory
    /// when it contains <dir>, otherwise <dir> itself).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Fetch remote resources and components: plain HTTP(S) file URLs
    /// (`https://host/path/file.yaml`) and git remote bases
    /// (`https://host/org/repo.git//dir?ref=v1`, `github.com/org/repo/dir?ref=main`,
    /// `git::https://…`, `git://…`, `file:///abs/repo//dir`), cloned shallow
    /// without a `git` binary. SSH git remotes are refused. Off by default:
    /// any remote reference is then an error.
    #[arg(long)]
    allow_remote_resources: bool,
    /// Total time allowed for each remote fetch (Go duration: `30s`, `1m`).
    #[arg(long, default_value = "30s", value_parser = oxbow_common::runtime::flags::parse_duration)]
    remote_timeout: Duration,
    /// Largest remote file fetched, in bytes; for a git remote, the largest
    /// pack fetched and the largest total of its checked-out files.
    #[arg(long, default_value_t = http::DEFAULT_MAX_BYTES)]
    remote_max_bytes: u64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Restrictor {
    #[value(name = "LoadRestrictionsRootOnly")]
    RootOnly,
    #[value(name = "LoadRestrictionsNone")]
    None,
}

/// Runs `oxbow kustomize`.
pub(crate) fn run(args: Args) -> ExitCode {
    let Command::Build(args) = args.command;
    match build(&args) {
        Ok(yaml) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(yaml.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, `: `-separated, like Go's wrapped errors.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

fn build(args: &BuildArgs) -> Result<String, String> {
    let dir = std::fs::canonicalize(&args.dir)
        .map_err(|e| format!("cannot open '{}': {e}", args.dir.display()))?;
    let root = match &args.root {
        Some(r) => {
            std::fs::canonicalize(r).map_err(|e| format!("cannot open '{}': {e}", r.display()))?
        }
        None => default_root(&dir),
    };
    let rel = dir.strip_prefix(&root).map_err(|_| {
        format!(
            "'{}' is not inside the root '{}'",
            dir.display(),
            root.display()
        )
    })?;
    let rel = rel
        .to_str()
        .ok_or_else(|| format!("'{}' is not valid utf-8", rel.display()))?;
    let fs = DiskFs::new(&root).map_err(|e| e.to_string())?;
    let mut opts = BuildOptions::default();
    if let Restrictor::None = args.load_restrictor {
        opts.load_restrictor = LoadRestrictor::None;
    }
    if args.allow_remote_resources {
        let loader = http::HttpLoader::new(args.remote_timeout, args.remote_max_bytes)
            .map_err(|e| chain(&e))?;
        opts.remote = Some(Arc::new(loader));
    }
    build_yaml(&fs, rel, &opts).map_err(|e| chain(&e))
}

fn default_root(dir: &Path) -> PathBuf {
    match std::env::current_dir().and_then(std::fs::canonicalize) {
        Ok(cwd) if dir.starts_with(&cwd) => cwd,
        _ => dir.to_path_buf(),
    }
}
