//! Differential test against the Helm Go SDK's renders of real-world charts
//! (`shared/corpus/charts`, see its README): every chart is rendered with its own
//! values and with `values-ci.yaml`, and the documents are compared per template
//! path. The number of identical renders may only go up (`corpus_baseline.txt`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod corpus_support;

use corpus_support::{Case, Outcome, corpus_dir, run_case};

const BASELINE: &str = include_str!("corpus_baseline.txt");

#[test]
fn corpus_renders_match_the_helm_sdk() {
    let Some(dir) = corpus_dir() else {
        println!("corpus not found; set OXBOW_SHARED_DIR to the shared directory");
        return;
    };
    let mut charts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("chart.json").is_file())
        .collect();
    charts.sort();
    // OXBOW_CORPUS_ONLY=<chart> narrows the run while debugging.
    if let Ok(only) = std::env::var("OXBOW_CORPUS_ONLY") {
        charts.retain(|c| c.file_name().is_some_and(|n| n.to_string_lossy() == only));
    }
    let started = std::time::Instant::now();
    let (mut identical, mut byte_identical, mut total) = (0, 0, 0);
    for chart in &charts {
        for set in ["default", "ci"] {
            total += 1;
            let case = Case {
                dir: chart.clone(),
                set,
            };
            let name = format!("{}/{set}", chart.file_name().unwrap().to_string_lossy());
            match run_case(&case) {
                Outcome::Identical { bytes } => {
                    identical += 1;
                    if bytes {
                        byte_identical += 1;
                    }
                    println!(
                        "PASS {name}{}",
                        if bytes { " (byte-identical)" } else { "" }
                    );
                }
                Outcome::ExpectedError { ours } => {
                    identical += 1;
                    byte_identical += 1;
                    println!("PASS {name} (fails as expected: {ours})");
                }
                Outcome::Different(diffs) => {
                    println!("FAIL {name}: {} difference(s)", diffs.len());
                    for d in diffs.iter().take(6) {
                        println!("    {}", d.replace('\n', "\n    "));
                    }
                }
            }
        }
    }
    println!(
        "corpus: {identical}/{total} renders identical ({byte_identical} byte-identical) in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let baseline: usize = BASELINE.trim().parse().unwrap();
    assert!(
        identical >= baseline,
        "{identical} identical renders, below the committed baseline of {baseline}"
    );
}
