//! Every document under `testdata/<group>/` deserialises into its Rust type and
//! serialises back to the same JSON, so no field is lost or renamed; and the
//! documents of each covered group together set every field of its schemas.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/testdata.rs"]
mod testdata;

use kube::Resource;
use pretty_assertions::assert_eq;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use testdata::{Document, crd_kind, our_crds, storage_schema, testdata_documents};

/// Groups whose testdata must set every schema field (one line per group).
const COVERAGE_GROUPS: &[&str] = &[
    "source.toolkit.fluxcd.io",
    "kustomize.toolkit.fluxcd.io",
    "helm.toolkit.fluxcd.io",
    "notification.toolkit.fluxcd.io",
];

/// Deserialises `doc` into its Rust type and serialises it back.
fn round_trip(doc: &Document) -> Result<Value, String> {
    macro_rules! dispatch {
        ($($kind:ty),* $(,)?) => {$(
            if doc.kind() == <$kind>::kind(&()) && doc.group() == <$kind>::group(&()) {
                return typed::<$kind>(&doc.value);
            }
        )*};
    }
    dispatch!(
        oxbow_api::source::GitRepository,
        oxbow_api::source::OCIRepository,
        oxbow_api::source::HelmRepository,
        oxbow_api::source::HelmChart,
        oxbow_api::source::Bucket,
        oxbow_api::source::ExternalArtifact,
        oxbow_api::kustomize::Kustomization,
        oxbow_api::helm::HelmRelease,
        oxbow_api::notification::Provider,
        oxbow_api::notification::Alert,
        oxbow_api::notification::Receiver,
    );
    Err(format!("no Oxbow type for {}/{}", doc.group(), doc.kind()))
}

fn typed<K: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let object: K = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&object).map_err(|e| e.to_string())
}

#[test]
fn every_testdata_document_round_trips_without_losing_fields() {
    let documents = testdata_documents();
    assert!(!documents.is_empty(), "no testdata found");
    for doc in &documents {
        let back = round_trip(doc).unwrap_or_else(|e| panic!("{}: {e}", doc.name));
        assert_eq!(doc.value, back, "{} changed in a round trip", doc.name);
    }
    println!("{} documents round-tripped", documents.len());
}

/// Schema paths (`.spec.ref.branch`, `.spec.include[].toPath`) no document sets.
fn unset_paths(schema: &Value, values: &[&Value], path: &str, missing: &mut Vec<String>) {
    if let Some(props) = schema["properties"].as_object() {
        for (name, child) in props {
            if path.is_empty() && matches!(name.as_str(), "apiVersion" | "kind" | "metadata") {
                continue;
            }
            let p = format!("{path}.{name}");
            let present: Vec<&Value> = values.iter().filter_map(|v| v.get(name)).collect();
            if present.is_empty() {
                missing.push(p);
            } else {
                unset_paths(child, &present, &p, missing);
            }
        }
    }
    if schema.get("items").is_some() {
        let items: Vec<&Value> = values
            .iter()
            .filter_map(|v| v.as_array())
            .flatten()
            .collect();
        if items.is_empty() {
            missing.push(format!("{path}[]"));
        } else {
            unset_paths(&schema["items"], &items, &format!("{path}[]"), missing);
        }
    }
}

#[test]
fn testdata_sets_every_schema_field() {
    let documents = testdata_documents();
    let mut failures = Vec::new();
    for (_, crd) in our_crds() {
        let group = crd["spec"]["group"].as_str().unwrap_or_default();
        let kind = crd_kind(&crd);
        let values: Vec<&Value> = documents
            .iter()
            .filter(|d| d.group() == group && d.kind() == kind)
            .map(|d| &d.value)
            .collect();
        let mut missing = Vec::new();
        unset_paths(storage_schema(&crd).unwrap(), &values, "", &mut missing);
        let enforced = COVERAGE_GROUPS.contains(&group);
        println!(
            "{kind}: {} document(s), {} field(s) never set{}",
            values.len(),
            missing.len(),
            if enforced { "" } else { " (not enforced)" }
        );
        for path in &missing {
            println!("  {path}");
            if enforced {
                failures.push(format!("{kind} {path}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "testdata never sets:\n{}",
        failures.join("\n")
    );
}
