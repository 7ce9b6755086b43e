//! Validates documents against the CRDs' `openAPIV3Schema` with a JSON Schema
//! validator: all testdata passes (against our CRDs and Flux's), and invalid
//! values are rejected with the offending field named in the message.
//! CEL rules (`x-kubernetes-validations`) are not evaluated here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/testdata.rs"]
mod testdata;

use serde_json::Value;
use testdata::{crd_kind, flux_crd, our_crds, storage_schema, testdata_documents};

/// A validator for `schema`, with OpenAPI v3's JSON Schema dialect (draft 4).
fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(schema)
        .expect("CRD schema compiles")
}

/// Each error as `<instance path>: <message>`.
fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Compiled validators of our CRD and of Flux's (when the corpus has it), per kind.
struct Validators(
    Vec<(
        String,
        String,
        jsonschema::Validator,
        Option<jsonschema::Validator>,
    )>,
);

impl Validators {
    /// Compiles every CRD once: compiling patterns is the slow part.
    fn new() -> Self {
        let all = our_crds()
            .into_iter()
            .map(|(file, crd)| {
                let group = crd["spec"]["group"].as_str().unwrap_or_default().to_owned();
                let ours = validator(storage_schema(&crd).expect("our CRD has a schema"));
                let flux = flux_crd(&file).and_then(|f| storage_schema(&f).map(validator));
                (group, crd_kind(&crd).to_owned(), ours, flux)
            })
            .collect();
        Self(all)
    }

    fn get(
        &self,
        group: &str,
        kind: &str,
    ) -> Option<(&jsonschema::Validator, Option<&jsonschema::Validator>)> {
        self.0
            .iter()
            .find(|(g, k, _, _)| g == group && k == kind)
            .map(|(_, _, o, f)| (o, f.as_ref()))
    }
}

#[test]
fn all_testdata_is_valid_against_our_crds_and_fluxs() {
    let validators = Validators::new();
    let mut failures = Vec::new();
    for doc in &testdata_documents() {
        let Some((ours, flux)) = validators.get(doc.group(), doc.kind()) else {
            failures.push(format!(
                "{}: no CRD for {}/{}",
                doc.name,
                doc.group(),
                doc.kind()
            ));
            continue;
        };
        for e in errors(ours, &doc.value) {
            failures.push(format!("{} (our CRD) {e}", doc.name));
        }
        for e in flux.iter().flat_map(|f| errors(f, &doc.value)) {
            failures.push(format!("{} (Flux CRD) {e}", doc.name));
        }
    }
    assert!(
        failures.is_empty(),
        "invalid testdata:\n{}",
        failures.join("\n")
    );
}

/// A minimal valid object of each kind, as YAML.
fn base(kind: &str) -> &'static str {
    match kind {
        "GitRepository" => "{spec: {url: 'https://example.com/repo', interval: 1m}}",
        "OCIRepository" => "{spec: {url: 'oci://ghcr.io/org/app', interval: 1m}}",
        "HelmRepository" => "{spec: {url: 'https://charts.example.com'}}",
        "HelmChart" => {
            "{spec: {chart: app, interval: 1m, sourceRef: {kind: HelmRepository, name: repo}}}"
        }
        "Bucket" => "{spec: {bucketName: b, endpoint: s3.example.com, interval: 1m}}",
        "ExternalArtifact" => "{spec: {sourceRef: {kind: Source, name: s}}}",
        "Kustomization" => {
            "{spec: {interval: 1m, prune: true, sourceRef: {kind: GitRepository, name: repo}}}"
        }
        "HelmRelease" => "{spec: {interval: 1m, chartRef: {kind: OCIRepository, name: chart}}}",
        "Provider" => "{spec: {type: slack}}",
        "Alert" => {
            "{spec: {providerRef: {name: slack}, eventSources: [{kind: GitRepository, name: '*'}]}}"
        }
        "Receiver" => {
            "{spec: {type: github, secretRef: {name: token}, resources: [{kind: GitRepository, name: repo}]}}"
        }
        other => panic!("no base object for {other}"),
    }
}

/// A status with one valid condition and artifact, for status-field cases.
const STATUS: &str = r#"{conditions: [{type: Ready, status: "True", reason: Succeeded, message: "",
  lastTransitionTime: "2026-01-02T03:04:05Z"}],
  artifact: {path: p, url: u, revision: r, digest: "sha256:abc", lastUpdateTime: "2026-01-02T03:04:05Z"}}"#;

/// Invalid edits: (group, kind, JSON pointer, new value or `None` to remove, field the message must name).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

const SOURCE: &str = "source.toolkit.fluxcd.io";
const KUSTOMIZE: &str = "kustomize.toolkit.fluxcd.io";
const HELM: &str = "helm.toolkit.fluxcd.io";
const NOTIFICATION: &str = "notification.toolkit.fluxcd.io";

const INVALID: &[Case] = &[
    (
        SOURCE,
        "ExternalArtifact",
        "/spec/sourceRef/kind",
        None,
        "kind",
    ),
    (
        SOURCE,
        "ExternalArtifact",
        "/spec/sourceRef/name",
        Some("7"),
        "name",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/interval",
        Some("1x"),
        "interval",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/timeout",
        Some("1h"),
        "timeout",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/url",
        Some("ftp://example.com/repo"),
        "url",
    ),
    (SOURCE, "GitRepository", "/spec/url", None, "url"),
    (
        SOURCE,
        "GitRepository",
        "/spec/provider",
        Some("gitlab"),
        "provider",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/verify",
        Some("{mode: all, secretRef: {name: k}}"),
        "mode",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/verify",
        Some("{mode: HEAD}"),
        "secretRef",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/include",
        Some("[{fromPath: a}]"),
        "repository",
    ),
    (
        SOURCE,
        "GitRepository",
        "/spec/suspend",
        Some("'yes'"),
        "suspend",
    ),
    (
        SOURCE,
        "OCIRepository",
        "/spec/url",
        Some("https://ghcr.io/org/app"),
        "url",
    ),
    (SOURCE, "OCIRepository", "/spec/interval", None, "interval"),
    (
        SOURCE,
        "OCIRepository",
        "/spec/layerSelector",
        Some("{operation: move}"),
        "operation",
    ),
    (
        SOURCE,
        "OCIRepository",
        "/spec/verify",
        Some("{secretRef: {name: k}}"),
        "provider",
    ),
    (
        SOURCE,
        "OCIRepository",
        "/spec/verify",
        Some("{provider: gpg}"),
        "provider",
    ),
    (
        SOURCE,
        "OCIRepository",
        "/spec/provider",
        Some("digitalocean"),
        "provider",
    ),
    (SOURCE, "HelmRepository", "/spec/type", Some("git"), "type"),
    (
        SOURCE,
        "HelmRepository",
        "/spec/interval",
        Some("5 minutes"),
        "interval",
    ),
    (
        SOURCE,
        "HelmRepository",
        "/spec/accessFrom",
        Some("{}"),
        "namespaceSelectors",
    ),
    (
        SOURCE,
        "HelmChart",
        "/spec/sourceRef/kind",
        Some("OCIRepository"),
        "kind",
    ),
    (SOURCE, "HelmChart", "/spec/chart", None, "chart"),
    (
        SOURCE,
        "HelmChart",
        "/spec/reconcileStrategy",
        Some("Always"),
        "reconcileStrategy",
    ),
    (SOURCE, "Bucket", "/spec/bucketName", None, "bucketName"),
    (SOURCE, "Bucket", "/spec/provider", Some("s3"), "provider"),
    (
        SOURCE,
        "Bucket",
        "/spec/sts",
        Some("{provider: gcp, endpoint: 'https://sts.example.com'}"),
        "provider",
    ),
    (
        SOURCE,
        "Bucket",
        "/spec/sts",
        Some("{provider: aws, endpoint: sts.example.com}"),
        "endpoint",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/conditions/0/status",
        Some("Maybe"),
        "status",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/conditions/0/reason",
        Some("''"),
        "reason",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/conditions/0/type",
        Some("not a type"),
        "type",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/conditions/0/observedGeneration",
        Some("-2"),
        "observedGeneration",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/conditions/0/lastTransitionTime",
        Some("yesterday"),
        "lastTransitionTime",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/conditions/0/message",
        None,
        "message",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/artifact/digest",
        Some("abc"),
        "digest",
    ),
    (
        SOURCE,
        "Bucket",
        "/status/artifact/lastUpdateTime",
        None,
        "lastUpdateTime",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/interval",
        Some("1x"),
        "interval",
    ),
    (KUSTOMIZE, "Kustomization", "/spec/prune", None, "prune"),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/sourceRef/kind",
        Some("HelmRepository"),
        "kind",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/targetNamespace",
        Some("''"),
        "targetNamespace",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/nameSuffix",
        Some("''"),
        "nameSuffix",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/deletionPolicy",
        Some("Never"),
        "deletionPolicy",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/decryption",
        Some("{secretRef: {name: keys}}"),
        "provider",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/decryption",
        Some("{provider: vault}"),
        "provider",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/postBuild",
        Some("{substituteFrom: [{kind: Secret, name: ''}]}"),
        "name",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/postBuild",
        Some("{substituteStrategy: Never}"),
        "substituteStrategy",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/buildMetadata",
        Some("[managedByLabel]"),
        "buildMetadata",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/healthCheckExprs",
        Some("[{apiVersion: example.com/v1}]"),
        "current",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/ignore",
        Some("[{target: {kind: Deployment}}]"),
        "paths",
    ),
    (
        KUSTOMIZE,
        "Kustomization",
        "/spec/dependsOn",
        Some("[{namespace: infra}]"),
        "name",
    ),
    (HELM, "HelmRelease", "/spec/interval", None, "interval"),
    (
        HELM,
        "HelmRelease",
        "/spec/chartRef/kind",
        Some("GitRepository"),
        "kind",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/releaseName",
        Some("rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"),
        "releaseName",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/storageNamespace",
        Some("''"),
        "storageNamespace",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/chart",
        Some("{spec: {sourceRef: {kind: HelmRepository, name: repo}}}"),
        "chart",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/chart",
        Some("{spec: {chart: app, sourceRef: {kind: OCIRepository, name: repo}}}"),
        "kind",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/valuesFrom",
        Some("[{kind: ConfigMap, name: values, targetPath: 'a b'}]"),
        "targetPath",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/valuesFrom",
        Some("[{kind: Secret, name: values, valuesKey: 'values/prod.yaml'}]"),
        "valuesKey",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/install",
        Some("{crds: Replace}"),
        "crds",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/install",
        Some("{strategy: {retryInterval: 1m}}"),
        "name",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/upgrade",
        Some("{remediation: {strategy: reinstall}}"),
        "strategy",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/upgrade",
        Some("{serverSideApply: 'true'}"),
        "serverSideApply",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/uninstall",
        Some("{deletionPropagation: cascade}"),
        "deletionPropagation",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/driftDetection",
        Some("{mode: on}"),
        "mode",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/test",
        Some("{filters: [{name: ''}]}"),
        "name",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/waitStrategy",
        Some("{name: kstatus}"),
        "name",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/postRenderStrategy",
        Some("hooks"),
        "postRenderStrategy",
    ),
    (
        HELM,
        "HelmRelease",
        "/spec/maxHistory",
        Some("'5'"),
        "maxHistory",
    ),
    (
        NOTIFICATION,
        "Provider",
        "/spec/type",
        Some("email"),
        "type",
    ),
    (NOTIFICATION, "Provider", "/spec/type", None, "type"),
    (
        NOTIFICATION,
        "Provider",
        "/spec/proxy",
        Some("socks5://proxy:1080"),
        "proxy",
    ),
    (
        NOTIFICATION,
        "Provider",
        "/spec/timeout",
        Some("1h"),
        "timeout",
    ),
    (
        NOTIFICATION,
        "Alert",
        "/spec/providerRef",
        None,
        "providerRef",
    ),
    (
        NOTIFICATION,
        "Alert",
        "/spec/eventSeverity",
        Some("warning"),
        "eventSeverity",
    ),
    (
        NOTIFICATION,
        "Alert",
        "/spec/eventSources/0/kind",
        Some("Deployment"),
        "kind",
    ),
    (
        NOTIFICATION,
        "Alert",
        "/spec/eventSources/0/name",
        Some("''"),
        "name",
    ),
    (
        NOTIFICATION,
        "Receiver",
        "/spec/type",
        Some("jenkins"),
        "type",
    ),
    (
        NOTIFICATION,
        "Receiver",
        "/spec/resources",
        None,
        "resources",
    ),
    (
        NOTIFICATION,
        "Receiver",
        "/spec/interval",
        Some("10 minutes"),
        "interval",
    ),
    (
        NOTIFICATION,
        "Receiver",
        "/spec/oidcProviders",
        Some("[{issuerURL: 'ftp://issuer', validations: [{expression: 'true', message: m}]}]"),
        "issuerURL",
    ),
    (
        NOTIFICATION,
        "Receiver",
        "/spec/oidcProviders",
        Some("[{issuerURL: 'https://issuer', validations: []}]"),
        "validations",
    ),
];

/// Sets (or with `None` removes) the value at `pointer`, creating parents.
fn edit(doc: &mut Value, pointer: &str, value: Option<Value>) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent for {pointer}"));
    match (parent, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(items), Some(v)) => items[key.parse::<usize>().unwrap()] = v,
        (other, _) => panic!("cannot edit {pointer} in {other}"),
    }
}

#[test]
fn invalid_values_are_rejected_naming_the_field() {
    let validators = Validators::new();
    let mut failures = Vec::new();
    for (group, kind, pointer, value, field) in INVALID {
        let (ours, flux) = validators
            .get(group, kind)
            .unwrap_or_else(|| panic!("no CRD for {group}/{kind}"));
        let mut doc: Value = serde_yaml::from_str(base(kind)).unwrap();
        if pointer.starts_with("/status") {
            doc["status"] = serde_yaml::from_str(STATUS).unwrap();
        }
        assert!(errors(ours, &doc).is_empty(), "base {kind} must be valid");
        edit(
            &mut doc,
            pointer,
            value.map(|v| serde_yaml::from_str(v).unwrap()),
        );
        let ours_errors = errors(ours, &doc);
        let case = format!("{kind} {pointer} = {value:?}");
        if !ours_errors.iter().any(|e| e.contains(field)) {
            failures.push(format!(
                "{case}: no error naming '{field}' in {ours_errors:?}"
            ));
        }
        // The same edit must be invalid for Flux too, or the case tests nothing real.
        if let Some(flux) = flux
            && errors(flux, &doc).is_empty()
        {
            failures.push(format!("{case}: Flux's CRD accepts it"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
