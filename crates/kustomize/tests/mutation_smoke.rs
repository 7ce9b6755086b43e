//! A stable-Rust stand-in for the fuzz targets: every corpus kustomization
//! and resource file, mutated in simple ways, must build or fail without a
//! panic. (The real fuzz targets live in `fuzz/`, run with cargo-fuzz.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use oxbow_kustomize::{BuildOptions, MemoryFs, build_documents};

fn corpus_dir() -> PathBuf {
    let shared = std::env::var_os("OXBOW_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("corpus/kustomize")
}

/// Deterministic mutations: truncations, a dropped line, a doubled line,
/// swapped indentation and a stray character.
fn mutations(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let n = text.chars().count();
    let mut out = vec![
        text.chars().take(n / 2).collect(),
        text.chars().take(n / 3).collect::<String>(),
    ];
    for i in (0..lines.len()).step_by(5) {
        let mut dropped = lines.clone();
        dropped.remove(i);
        out.push(dropped.join("\n"));
        let mut doubled = lines.clone();
        doubled.insert(i, lines[i]);
        out.push(doubled.join("\n"));
        let mut shifted = lines.clone();
        let line = format!("  {}", lines[i]);
        shifted[i] = &line;
        out.push(shifted.join("\n"));
        let mut stray = lines.clone();
        let line = format!("{}: [", lines[i]);
        stray[i] = &line;
        out.push(stray.join("\n"));
    }
    out.retain(|m| !m.is_empty());
    out
}

#[test]
fn mutated_corpus_inputs_never_panic() {
    let Ok(rd) = std::fs::read_dir(corpus_dir()) else {
        return;
    };
    let mut cases: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("input").is_dir())
        .collect();
    cases.sort();
    let mut builds = 0;
    for case in cases.iter().step_by(20) {
        let mut files = Vec::new();
        let mut stack = vec![case.join("input")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    let rel = p
                        .strip_prefix(case.join("input"))
                        .unwrap()
                        .to_string_lossy()
                        .to_string();
                    files.push((rel, text));
                }
            }
        }
        let Some(top) = files.iter().position(|(p, _)| p == "kustomization.yaml") else {
            continue;
        };
        for (victim, (path, text)) in files.iter().enumerate() {
            if victim != top && !path.ends_with(".yaml") {
                continue;
            }
            for mutated in mutations(text) {
                let mut fs = MemoryFs::new();
                for (i, (p, t)) in files.iter().enumerate() {
                    fs.add(
                        p,
                        if i == victim {
                            mutated.clone()
                        } else {
                            t.clone()
                        },
                    )
                    .unwrap();
                }
                let result =
                    std::panic::catch_unwind(|| build_documents(&fs, "", &BuildOptions::default()));
                assert!(
                    result.is_ok(),
                    "panic in {} with mutated {path}:\n{mutated}",
                    case.display()
                );
                builds += 1;
            }
        }
    }
    eprintln!("{builds} mutated builds, no panic");
}
