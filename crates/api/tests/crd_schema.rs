//! Compares every generated CRD with Flux's upstream CRD of the same kind and
//! lists every difference by path: names, scope, versions, printer columns,
//! subresources and the whole storage-version schema (descriptions excepted).
//!
//! Run `cargo test -p oxbow-api --test crd_schema -- --nocapture` for the full
//! report; `OXBOW_CRD_KINDS=Kustomization,HelmRelease` restricts it to some kinds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/testdata.rs"]
mod testdata;

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use testdata::{crd_kind, flux_crd, flux_crds_dir, our_crds, storage_version};

/// Differences we accept, by kind and path, each with its reason. Keep it tiny:
/// every entry is listed in docs/compatibility.md.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// One difference between our CRD and Flux's.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    path: String,
    what: String,
}

#[derive(Default)]
struct Diff(Vec<Difference>);

impl Diff {
    fn push(&mut self, path: &str, what: impl Into<String>) {
        self.0.push(Difference {
            path: path.to_owned(),
            what: what.into(),
        });
    }

    /// Compares any two JSON values structurally (no schema semantics).
    fn values(&mut self, path: &str, ours: &Value, flux: &Value) {
        match (ours, flux) {
            (Value::Object(a), Value::Object(b)) => {
                for key in keys(a, b) {
                    let p = format!("{path}.{key}");
                    match (a.get(key), b.get(key)) {
                        (Some(x), Some(y)) => self.values(&p, x, y),
                        (None, Some(y)) => self.push(&p, format!("missing in ours (flux: {y})")),
                        (Some(x), None) => self.push(&p, format!("extra in ours ({x})")),
                        (None, None) => {}
                    }
                }
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    self.values(&format!("{path}[{i}]"), x, y);
                }
            }
            _ if ours != flux => self.push(path, format!("ours {ours}, flux {flux}")),
            _ => {}
        }
    }

    /// Compares two schema nodes: every keyword except `description`.
    fn schema(&mut self, path: &str, ours: &Value, flux: &Value) {
        let (Value::Object(a), Value::Object(b)) = (ours, flux) else {
            if ours != flux {
                self.push(path, format!("schema ours {ours}, flux {flux}"));
            }
            return;
        };
        for key in keys(a, b) {
            if key == "description" {
                continue;
            }
            let (x, y) = (a.get(key), b.get(key));
            match key {
                "properties" => self.properties(path, x, y),
                "items" => self.schema(
                    &format!("{path}[]"),
                    x.unwrap_or(&Value::Null),
                    y.unwrap_or(&Value::Null),
                ),
                "additionalProperties"
                    if x.is_some_and(Value::is_object) && y.is_some_and(Value::is_object) =>
                {
                    self.schema(
                        &format!("{path}{{}}"),
                        x.unwrap_or(&Value::Null),
                        y.unwrap_or(&Value::Null),
                    );
                }
                "required" => self.sets(path, "required", x, y),
                "x-kubernetes-validations" => self.rules(path, x, y),
                _ => match (x, y) {
                    (Some(x), Some(y)) if !same(x, y) => {
                        self.push(path, format!("{key}: ours {x}, flux {y}"))
                    }
                    (None, Some(y)) => {
                        self.push(path, format!("{key}: missing in ours (flux: {y})"))
                    }
                    (Some(x), None) => self.push(path, format!("{key}: extra in ours ({x})")),
                    _ => {}
                },
            }
        }
    }

    fn properties(&mut self, path: &str, ours: Option<&Value>, flux: Option<&Value>) {
        let empty = Map::new();
        let a = ours.and_then(Value::as_object).unwrap_or(&empty);
        let b = flux.and_then(Value::as_object).unwrap_or(&empty);
        for key in keys(a, b) {
            let p = format!("{path}.{key}");
            match (a.get(key), b.get(key)) {
                (Some(x), Some(y)) => self.schema(&p, x, y),
                (None, Some(_)) => self.push(&p, "property missing in ours"),
                (Some(_), None) => self.push(&p, "property extra in ours"),
                (None, None) => {}
            }
        }
    }

    fn sets(&mut self, path: &str, key: &str, ours: Option<&Value>, flux: Option<&Value>) {
        let set = |v: Option<&Value>| -> BTreeSet<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (a, b) = (set(ours), set(flux));
        for missing in b.difference(&a) {
            self.push(path, format!("{key}: '{missing}' missing in ours"));
        }
        for extra in a.difference(&b) {
            self.push(path, format!("{key}: '{extra}' extra in ours"));
        }
    }

    fn rules(&mut self, path: &str, ours: Option<&Value>, flux: Option<&Value>) {
        let list = |v: Option<&Value>| -> Vec<Value> {
            v.and_then(Value::as_array).cloned().unwrap_or_default()
        };
        let (a, b) = (list(ours), list(flux));
        for rule in b.iter().filter(|r| !a.contains(r)) {
            self.push(
                path,
                format!("x-kubernetes-validations: {rule} missing in ours"),
            );
        }
        for rule in a.iter().filter(|r| !b.contains(r)) {
            self.push(
                path,
                format!("x-kubernetes-validations: {rule} extra in ours"),
            );
        }
    }
}

/// JSON equality where numbers compare by value (`0` equals `0.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn keys<'a>(a: &'a Map<String, Value>, b: &'a Map<String, Value>) -> BTreeSet<&'a str> {
    a.keys().chain(b.keys()).map(String::as_str).collect()
}

/// Every difference between our CRD and Flux's, by path.
fn compare(ours: &Value, flux: &Value) -> Vec<Difference> {
    let mut diff = Diff::default();
    // controller-gen stamps its own version; every other annotation must match.
    let annotations = |crd: &Value| {
        let mut a = crd["metadata"]["annotations"].clone();
        if let Some(map) = a.as_object_mut() {
            map.remove("controller-gen.kubebuilder.io/version");
        }
        a
    };
    diff.values(
        "metadata.annotations",
        &annotations(ours),
        &annotations(flux),
    );
    diff.values(
        "metadata.name",
        &ours["metadata"]["name"],
        &flux["metadata"]["name"],
    );
    for key in ["group", "scope", "names"] {
        diff.values(
            &format!("spec.{key}"),
            &ours["spec"][key],
            &flux["spec"][key],
        );
    }
    let flux_versions: Vec<&str> = flux["spec"]["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["name"].as_str())
        .collect();
    let our_versions: Vec<&str> = ours["spec"]["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["name"].as_str())
        .collect();
    for v in flux_versions.iter().filter(|v| !our_versions.contains(v)) {
        diff.push("spec.versions", format!("version {v} missing in ours"));
    }
    match (storage_version(ours), storage_version(flux)) {
        (Some(a), Some(b)) => {
            let at = |k: &str| format!("spec.versions[{}].{k}", b["name"].as_str().unwrap_or("?"));
            for key in [
                "name",
                "served",
                "storage",
                "subresources",
                "additionalPrinterColumns",
                "deprecated",
            ] {
                diff.values(&at(key), &a[key], &b[key]);
            }
            diff.schema(
                "",
                &a["schema"]["openAPIV3Schema"],
                &b["schema"]["openAPIV3Schema"],
            );
        }
        _ => diff.push("spec.versions", "no storage version"),
    }
    diff.0.sort();
    diff.0
}

#[test]
fn generated_crds_match_flux_schemas() {
    let only: Option<Vec<String>> = std::env::var("OXBOW_CRD_KINDS")
        .ok()
        .map(|s| s.split(',').map(|k| k.trim().to_owned()).collect());
    let dir = flux_crds_dir();
    assert!(
        dir.is_dir(),
        "Flux CRDs not found at {} (set OXBOW_SHARED_DIR)",
        dir.display()
    );

    let ours = our_crds();
    let mut unexpected = Vec::new();
    let mut used = BTreeSet::new();
    println!(
        "Oxbow kinds: {}",
        ours.iter()
            .map(|(_, c)| crd_kind(c))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (file, crd) in &ours {
        let kind = crd_kind(crd);
        if only.as_ref().is_some_and(|o| !o.iter().any(|k| k == kind)) {
            continue;
        }
        let Some(flux) = flux_crd(file) else {
            println!("{kind}: no Flux CRD named {file}; not compared");
            continue;
        };
        let diffs = compare(crd, &flux);
        println!("{kind} ({file}): {} difference(s)", diffs.len());
        for d in diffs {
            let allowed = ALLOWED.iter().find(|(k, p, _)| *k == kind && *p == d.path);
            match allowed {
                Some((_, _, reason)) => {
                    used.insert((kind.to_owned(), d.path.clone()));
                    println!("  allowed  {}: {}  ({reason})", d.path, d.what);
                }
                None => {
                    println!("  DIFFERS  {}: {}", d.path, d.what);
                    unexpected.push(format!("{kind} {}: {}", d.path, d.what));
                }
            }
        }
    }
    let flux_files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    for file in flux_files
        .iter()
        .filter(|f| !ours.iter().any(|(o, _)| o == *f))
    {
        println!("Flux CRD without an Oxbow kind: {file}");
    }
    if only.is_none() {
        for (kind, path, _) in ALLOWED
            .iter()
            .filter(|(k, p, _)| !used.contains(&((*k).to_owned(), (*p).to_owned())))
        {
            unexpected.push(format!(
                "allowlist entry {kind} {path} matches no difference: remove it"
            ));
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} unexpected CRD difference(s):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

#[test]
fn comparison_reports_every_kind_of_difference() {
    let flux: Value = serde_yaml::from_str(
        r#"
metadata: {name: xs.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: X, plural: xs, shortNames: [x]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [a]
            x-kubernetes-validations: [{rule: "has(self.a)", message: "a"}]
            properties:
              a: {type: string, pattern: "^a$", description: ignored}
              b: {type: string, enum: [x, y], default: x}
              c: {type: array, items: {type: integer, format: int64, minimum: 0}}
"#,
    )
    .unwrap();
    let ours: Value = serde_yaml::from_str(
        r#"
metadata: {name: xs.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: X, plural: xs}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              a: {type: string, description: different words}
              b: {type: string, enum: [x]}
              c: {type: array, items: {type: integer, format: int32}}
              d: {type: boolean}
"#,
    )
    .unwrap();
    let found: Vec<String> = compare(&ours, &flux)
        .iter()
        .map(|d| format!("{}: {}", d.path, d.what))
        .collect();
    let expect = [
        "spec.scope: ours \"Cluster\", flux \"Namespaced\"",
        "spec.names.shortNames: missing in ours",
        "spec.versions[v1].subresources: ours null",
        ".spec: required: 'a' missing in ours",
        ".spec: x-kubernetes-validations:",
        ".spec.a: pattern: missing in ours",
        ".spec.b: default: missing in ours",
        ".spec.b: enum: ours [\"x\"]",
        ".spec.c[]: format: ours \"int32\"",
        ".spec.c[]: minimum: missing in ours",
        ".spec.d: property extra in ours",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.starts_with(e)),
            "no difference starting with {e:?} in {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
}
