//! Render time of every corpus chart (`shared/corpus/charts`), default values:
//! load + dependencies + coalescing + schema + render, averaged over several
//! runs. `cargo bench -p oxbow-helm --bench corpus_render`; set
//! `OXBOW_SHARED_DIR` when the corpus is elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oxbow_helm::values::Values;
use oxbow_helm::{RenderOptions, loader, render_templates};

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("OXBOW_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("corpus/charts");
    dir.is_dir().then_some(dir)
}

fn main() {
    let Some(dir) = corpus() else {
        println!("corpus not found; set OXBOW_SHARED_DIR");
        return;
    };
    let mut charts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("chart/Chart.yaml").is_file())
        .collect();
    charts.sort();
    let runs = 10;
    let mut total = Duration::ZERO;
    println!("{:<32} {:>12}", "chart", "ms/render");
    for chart_dir in &charts {
        let started = Instant::now();
        for _ in 0..runs {
            let chart = loader::load(&chart_dir.join("chart")).unwrap();
            let _ = render_templates(chart, &Values::new(), &RenderOptions::default());
        }
        let per = started.elapsed() / runs;
        total += per;
        let name = chart_dir.file_name().unwrap().to_string_lossy();
        println!("{name:<32} {:>12.2}", per.as_secs_f64() * 1000.0);
    }
    println!("{:<32} {:>12.2}", "total", total.as_secs_f64() * 1000.0);
}
