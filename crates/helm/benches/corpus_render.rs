//! Render time and peak RSS of every corpus chart (`shared/corpus/charts`,
//! default values), ours against the Helm Go SDK called in-process (through
//! `sdk_render.py`). Each of our charts renders in a child process of this
//! binary, so its peak RSS (`VmHWM`) is that chart's alone; the SDK runs in one
//! Python process per chart for the same reason. Times are medians of
//! load + dependencies + coalescing + schema + render; a chart whose default
//! values fail validation is timed failing on both sides.
//!
//! `cargo bench -p oxbow-helm --bench corpus_render [-- CHART...]`; set
//! `OXBOW_SHARED_DIR` when the corpus is elsewhere, `OXBOW_BENCH_RUNS` for the
//! number of timed runs (default 10), `OXBOW_BENCH_NO_SDK=1` to skip the SDK.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use oxbow_helm::values::Values;
use oxbow_helm::{RENDER_THREAD_STACK, RenderOptions, loader, render_templates};

/// The allocator of the binaries that render charts.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("OXBOW_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("corpus/charts");
    dir.is_dir().then_some(dir)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// This process's peak resident set, kB.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Child mode: render one chart `runs` times, print `<median ms>\t<VmHWM kB>`.
/// The renders run on one thread with a render stack, as a controller's
/// render worker would.
fn child(chart: &Path, runs: usize) {
    let chart = chart.to_path_buf();
    std::thread::Builder::new()
        .stack_size(RENDER_THREAD_STACK)
        .spawn(move || child_renders(&chart, runs))
        .unwrap()
        .join()
        .unwrap();
}

fn child_renders(chart: &Path, runs: usize) {
    let render = || {
        let c = loader::load(chart).unwrap();
        // A chart whose defaults fail (external-dns's schema) is timed failing,
        // as the SDK is.
        render_templates(c, &Values::new(), &RenderOptions::default()).is_ok()
    };
    render();
    let times = (0..runs)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(render());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!("{:.3}\t{}", median(times), peak_rss_kb());
}

/// `<ms>\t<kB>` from the last line of a child's output.
fn parse_pair(out: &[u8]) -> Option<(f64, u64)> {
    let text = String::from_utf8_lossy(out);
    let line = text.lines().last()?;
    let mut fields = line.rsplit('\t');
    let kb = fields.next()?.trim().parse().ok()?;
    let ms = fields.next()?.trim().parse().ok()?;
    Some((ms, kb))
}

fn ours(chart: &Path, runs: usize) -> Option<(f64, u64)> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(exe)
        .arg("--child")
        .arg(chart)
        .arg(runs.to_string())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    parse_pair(&out.stdout)
}

fn sdk(chart: &Path, runs: usize) -> Option<(f64, u64)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/sdk_render.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(runs.to_string())
        .arg(chart)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    parse_pair(&out.stdout)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = std::env::var("OXBOW_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    if args.first().map(String::as_str) == Some("--child") {
        child(Path::new(&args[1]), args[2].parse().unwrap());
        return;
    }
    let Some(dir) = corpus() else {
        println!("corpus not found; set OXBOW_SHARED_DIR");
        return;
    };
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let mut charts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("chart/Chart.yaml").is_file())
        .filter(|p| only.is_empty() || only.iter().any(|o| p.ends_with(o.as_str())))
        .collect();
    charts.sort();
    let with_sdk = std::env::var_os("OXBOW_BENCH_NO_SDK").is_none();
    println!(
        "{:<30} {:>10} {:>10} {:>8} {:>12} {:>12}",
        "chart", "ours ms", "SDK ms", "speed-up", "ours RSS kB", "SDK RSS kB"
    );
    let (mut total_ours, mut total_sdk) = (0.0, 0.0);
    for chart_dir in &charts {
        let name = chart_dir.file_name().unwrap().to_string_lossy();
        let chart = chart_dir.join("chart");
        let (o_ms, o_kb) = ours(&chart, runs).unwrap_or((f64::NAN, 0));
        let (s_ms, s_kb) = if with_sdk {
            sdk(&chart, runs).unwrap_or((f64::NAN, 0))
        } else {
            (f64::NAN, 0)
        };
        total_ours += o_ms;
        total_sdk += s_ms;
        println!(
            "{name:<30} {o_ms:>10.2} {s_ms:>10.2} {:>7.2}x {o_kb:>12} {s_kb:>12}",
            s_ms / o_ms
        );
    }
    println!(
        "{:<30} {total_ours:>10.2} {total_sdk:>10.2} {:>7.2}x",
        "total",
        total_sdk / total_ours
    );
}
