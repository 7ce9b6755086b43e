//! Differential test against the Kustomize v5.5.0 reference corpus
//! (`$OXBOW_SHARED_DIR/corpus/kustomize`). A ratchet: the number of passing
//! cases may only go up (see `corpus_baseline.txt`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oxbow_kustomize::{BuildOptions, DiskFs, LoadRestrictor, build_documents, emit};
use serde_yaml::Value;

fn corpus_dir() -> PathBuf {
    let shared = std::env::var_os("OXBOW_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("corpus/kustomize")
}

fn features(input: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![input.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !matches!(
                name,
                "kustomization.yaml" | "kustomization.yml" | "Kustomization"
            ) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            if let Ok(Value::Mapping(m)) = serde_yaml::from_str::<Value>(&text) {
                for k in m.keys().filter_map(Value::as_str) {
                    if !matches!(k, "apiVersion" | "kind" | "metadata") {
                        out.push(k.to_string());
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn parse_stream(text: &str) -> Option<Vec<Value>> {
    let mut docs = Vec::new();
    for d in serde_yaml::Deserializer::from_str(text) {
        let v: Value = serde::Deserialize::deserialize(d).ok()?;
        if !v.is_null() {
            docs.push(v);
        }
    }
    Some(docs)
}

enum Outcome {
    Pass { exact: bool },
    Fail(String),
}

fn run_case(dir: &Path) -> Outcome {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
    let build = meta["build"].as_str().unwrap_or("input");
    let rel = build
        .strip_prefix("input")
        .unwrap_or("")
        .trim_start_matches('/');
    let mut opts = BuildOptions::default();
    if meta["load_restrictor"].as_str() == Some("LoadRestrictionsNone") {
        opts.load_restrictor = LoadRestrictor::None;
    }
    let fs = match DiskFs::new(dir.join("input")) {
        Ok(fs) => fs,
        Err(e) => return Outcome::Fail(format!("fs: {e}")),
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_documents(&fs, rel, &opts)
    }));
    let result = match result {
        Ok(r) => r,
        Err(_) => return Outcome::Fail("panic".into()),
    };
    let expect_error = dir.join("expected-error.txt").exists();
    match (result, expect_error) {
        (Err(_), true) => Outcome::Pass { exact: true },
        (Ok(_), true) => Outcome::Fail("expected an error".into()),
        (Err(e), false) => Outcome::Fail(format!("error: {e}")),
        (Ok(docs), false) => {
            let text = std::fs::read_to_string(dir.join("expected.yaml")).unwrap();
            let want = parse_stream(&text).unwrap_or_default();
            if docs == want {
                Outcome::Pass {
                    exact: emit::to_stream(&docs) == text,
                }
            } else {
                Outcome::Fail("output differs".into())
            }
        }
    }
}

#[test]
fn corpus_pass_count_does_not_regress() {
    let root = corpus_dir();
    let Ok(rd) = std::fs::read_dir(&root) else {
        eprintln!("corpus not found at {}; skipping", root.display());
        return;
    };
    let mut cases: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("case.json").exists())
        .collect();
    cases.sort();
    let only = std::env::var("CORPUS_CASE").ok();
    let (mut pass, mut exact, mut failures) = (0usize, 0usize, Vec::new());
    let mut per_feature: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let outcome = run_case(case);
        let ok = matches!(outcome, Outcome::Pass { .. });
        for f in features(&case.join("input")) {
            let e = per_feature.entry(f).or_default();
            e.1 += 1;
            if ok {
                e.0 += 1;
            }
        }
        match outcome {
            Outcome::Pass { exact: x } => {
                pass += 1;
                if x && !case.join("expected-error.txt").exists() {
                    exact += 1;
                } else if !x && std::env::var_os("CORPUS_SHOW_INEXACT").is_some() {
                    eprintln!("  not byte-exact: {name}");
                }
            }
            Outcome::Fail(why) => {
                failures.push(format!("{name}: {}", why.lines().next().unwrap_or("")))
            }
        }
    }
    eprintln!("per-feature passes:");
    for (f, (p, t)) in &per_feature {
        eprintln!("  {f:<28} {p:>4}/{t}");
    }
    eprintln!("failing cases:");
    for f in &failures {
        eprintln!("  {f}");
    }
    eprintln!("corpus: {pass}/{} pass, {exact} byte-exact", cases.len());
    if only.is_none() {
        let baseline: usize = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus_baseline.txt"),
        )
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
        assert!(
            pass >= baseline,
            "corpus passes dropped: {pass} < baseline {baseline}"
        );
    }
}
