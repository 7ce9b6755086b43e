//! Benchmarks (`make bench`), ignored by plain `cargo test`: 200 GitRepositories
//! reconciled to Ready from one local Git server, and the tarball build
//! throughput against `tar czf` of the same tree. Run with
//! `cargo test --release -p source-controller --test bench -- --ignored --nocapture`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

#[path = "../support/mod.rs"]
mod support;

use std::time::Instant;

use oxbow_common::artifact::{DEFAULT_MAX_SIZE, Filter, write_archive};
use support::controller::{Controller, NS};
use support::fixture::GitRoot;
use support::servers::{GitHttp, HttpOptions};

/// Peak resident set of this process (controller, API server and harness) in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored"]
async fn two_hundred_repositories_to_ready() {
    let root = GitRoot::new();
    for i in 0..20 {
        let repo = root.repo(&format!("app{i}"), "master");
        let files: Vec<(String, String)> = (0..20)
            .map(|f| {
                (
                    format!("deploy/{f}.yaml"),
                    format!("kind: ConfigMap\nmetadata:\n  name: c{f}\n"),
                )
            })
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        repo.commit(&files, "first");
    }
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let concurrent = std::env::var("BENCH_CONCURRENT").unwrap_or_else(|_| "10".into());
    let flag = format!("--concurrent={concurrent}");
    let controller = Controller::start(&[flag.as_str()]).await;
    let started = Instant::now();
    for i in 0..200 {
        let repo = oxbow_api::source::GitRepository::fixture(
            NS,
            &format!("repo{i}"),
            &server.url(&format!("app{}", i % 20)),
        );
        controller.create(&repo).await;
    }
    for i in 0..200 {
        controller.wait_ready(&format!("repo{i}")).await;
    }
    println!(
        "BENCH 200 GitRepositories to Ready: {:.2}s with --concurrent={concurrent}; peak RSS of the test process (controller + embedded API server + harness): {:.1} MiB",
        started.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
}

#[test]
#[ignore = "benchmark: run with --ignored"]
fn tarball_throughput_against_tar_czf() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut total = 0u64;
    for d in 0..40 {
        std::fs::create_dir_all(dir.path().join(format!("d{d}"))).unwrap();
        for f in 0..50 {
            // YAML-like text: compressible, like manifests.
            let mut text = String::new();
            for line in 0..400 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(&format!("key{line}: value-{}\n", state % 1000));
            }
            total += text.len() as u64;
            std::fs::write(dir.path().join(format!("d{d}/f{f}.yaml")), text).unwrap();
        }
    }
    let mib = total as f64 / (1024.0 * 1024.0);
    let filter = Filter::load(dir.path(), None).unwrap();
    let ours_out = tempfile::NamedTempFile::new().unwrap();
    let started = Instant::now();
    let sink = std::io::BufWriter::new(ours_out.reopen().unwrap());
    let stats = write_archive(dir.path(), &filter, sink, DEFAULT_MAX_SIZE).unwrap();
    let ours = started.elapsed().as_secs_f64();
    // Not /dev/null: GNU tar skips reading the files when writing there.
    let out = tempfile::NamedTempFile::new().unwrap();
    let started = Instant::now();
    let tar = std::process::Command::new("tar")
        .arg("czf")
        .arg(out.path())
        .arg("-C")
        .arg(dir.path())
        .arg(".")
        .status()
        .unwrap();
    assert!(tar.success());
    let theirs = started.elapsed().as_secs_f64();
    println!(
        "BENCH tarball of {mib:.1} MiB ({} bytes compressed): oxbow {:.1} MiB/s, tar czf {:.1} MiB/s",
        stats.size,
        mib / ours,
        mib / theirs
    );
}
