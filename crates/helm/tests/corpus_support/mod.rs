//! Loading a corpus case, rendering it, assembling the output as the corpus
//! README describes, and comparing documents.

use std::path::{Path, PathBuf};

use oxbow_helm::engine::ReleaseOptions;
use oxbow_helm::loader;
use oxbow_helm::output::{print_document, split_manifests};
use oxbow_helm::values::{Values, parse_values};
use oxbow_helm::{RenderOptions, render_chart};
use serde_yaml::Value as Yaml;

/// The corpus directory, from `OXBOW_SHARED_DIR` or next to the checkout.
pub fn corpus_dir() -> Option<PathBuf> {
    let shared = match std::env::var_os("OXBOW_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let dir = shared.join("corpus/charts");
    dir.is_dir().then_some(dir)
}

/// One chart rendered with one values set.
pub struct Case {
    pub dir: PathBuf,
    pub set: &'static str,
}

/// How a case went.
pub enum Outcome {
    Identical { bytes: bool },
    ExpectedError { ours: String },
    Different(Vec<String>),
}

fn nondeterministic(dir: &Path, set: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("chart.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    match json.get("nondeterministic_templates") {
        Some(serde_json::Value::Object(m)) => m
            .iter()
            .filter(|(_, sets)| sets.as_array().is_some_and(|a| a.iter().any(|s| s == set)))
            .map(|(k, _)| k.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// Renders a case and assembles the corpus output (sorted paths, no notes or
/// partials, split documents with `# Source:` lines).
pub fn render(case: &Case) -> Result<String, String> {
    let chart = loader::load(&case.dir.join("chart")).map_err(|e| e.to_string())?;
    let values: Values = if case.set == "ci" {
        parse_values(&std::fs::read(case.dir.join("values-ci.yaml")).unwrap())?
    } else {
        Values::new()
    };
    let opts = RenderOptions {
        release: ReleaseOptions {
            name: "release".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let rendered = render_chart(chart, &values, &opts).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (path, text) in &rendered.templates {
        for doc in split_manifests(text) {
            print_document(&mut out, path, &doc);
        }
    }
    Ok(out)
}

pub fn run_case(case: &Case) -> Outcome {
    let expected_file = case.dir.join(format!("expected-{}.yaml", case.set));
    let ours = render(case);
    if !expected_file.exists() {
        return match ours {
            Err(e) => Outcome::ExpectedError {
                ours: e.lines().next().unwrap_or("").to_string(),
            },
            Ok(_) => Outcome::Different(vec!["rendered, but the SDK failed".into()]),
        };
    }
    let expected = std::fs::read_to_string(expected_file).unwrap();
    let ours = match ours {
        Ok(o) => {
            // OXBOW_CORPUS_DUMP=<dir> keeps our render next to the expectation.
            if let Some(dump) = std::env::var_os("OXBOW_CORPUS_DUMP") {
                let name = case.dir.file_name().unwrap().to_string_lossy().to_string();
                let _ = std::fs::write(
                    Path::new(&dump).join(format!("{name}-{}.yaml", case.set)),
                    &o,
                );
            }
            o
        }
        Err(e) => return Outcome::Different(vec![format!("render failed: {e}")]),
    };
    if ours == expected {
        return Outcome::Identical { bytes: true };
    }
    let skip = nondeterministic(&case.dir, case.set);
    let diffs = compare(&documents(&expected), &documents(&ours), &skip);
    if diffs.is_empty() {
        Outcome::Identical { bytes: false }
    } else {
        Outcome::Different(diffs)
    }
}

/// `(source, text)` pairs of an assembled stream.
fn documents(stream: &str) -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = Vec::new();
    for line in stream.split_inclusive('\n') {
        if line == "---\n" {
            docs.push((String::new(), String::new()));
            continue;
        }
        let Some(last) = docs.last_mut() else {
            continue;
        };
        if last.0.is_empty()
            && last.1.is_empty()
            && let Some(src) = line.strip_prefix("# Source: ")
        {
            last.0 = src.trim_end().to_string();
            continue;
        }
        last.1.push_str(line);
    }
    docs
}

fn parse(text: &str) -> Yaml {
    serde_yaml::from_str(text).unwrap_or_else(|_| Yaml::String(text.trim().to_string()))
}

/// Keys and shapes only, for documents built from random or clock values.
fn shape(v: &Yaml) -> Yaml {
    match v {
        Yaml::Mapping(m) => Yaml::Mapping(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Yaml::Sequence(s) => Yaml::Sequence(s.iter().map(shape).collect()),
        _ => Yaml::Null,
    }
}

fn compare(
    expected: &[(String, String)],
    ours: &[(String, String)],
    skip: &[String],
) -> Vec<String> {
    let mut diffs = Vec::new();
    if expected.len() != ours.len() {
        let list = |d: &[(String, String)]| d.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        diffs.push(format!(
            "{} documents expected, {} rendered\n  expected: {:?}\n  ours:     {:?}",
            expected.len(),
            ours.len(),
            list(expected),
            list(ours)
        ));
    }
    for ((es, et), (os, ot)) in expected.iter().zip(ours) {
        if es != os {
            diffs.push(format!("source differs: expected {es}, got {os}"));
            continue;
        }
        let (ev, ov) = (parse(et), parse(ot));
        let same = if skip.contains(es) {
            shape(&ev) == shape(&ov)
        } else {
            ev == ov
        };
        if !same {
            diffs.push(format!("{es}:\n{}", first_difference(et, ot)));
        }
    }
    diffs
}

fn first_difference(expected: &str, ours: &str) -> String {
    let (e, o): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), ours.lines().collect());
    for i in 0..e.len().max(o.len()) {
        let (a, b) = (
            e.get(i).copied().unwrap_or("<end>"),
            o.get(i).copied().unwrap_or("<end>"),
        );
        if a != b {
            return format!("line {}:\n  expected: {a}\n  ours:     {b}", i + 1);
        }
    }
    "documents differ in YAML only".into()
}
