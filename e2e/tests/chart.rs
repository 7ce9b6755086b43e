//! The suite's own Helm chart: it installs exactly the CRDs `crates/api` generates and one
//! Deployment per controller, and Oxbow's Helm engine renders it as Helm's Go SDK does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use oxbow_helm::values::Values;
use oxbow_helm::{ReleaseOptions, RenderOptions};
use serde::Deserialize;
use serde_json::Value;

const RELEASE: &str = "oxbow";
const NAMESPACE: &str = "flux-system";

fn chart_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts/oxbow")
}

/// Our render of the chart with its default values, as (kind, name) → document.
fn render_with_oxbow() -> BTreeMap<(String, String), Value> {
    let chart = oxbow_helm::loader::load(&chart_dir()).expect("the chart loads");
    let opts = RenderOptions {
        release: ReleaseOptions {
            name: RELEASE.into(),
            namespace: NAMESPACE.into(),
            ..ReleaseOptions::default()
        },
        ..RenderOptions::default()
    };
    let rendered =
        oxbow_helm::render_chart(chart, &Values::new(), &opts).expect("the chart renders");
    by_kind_and_name(&rendered.to_template_output(false))
}

fn by_kind_and_name(stream: &str) -> BTreeMap<(String, String), Value> {
    let mut docs = BTreeMap::new();
    for doc in serde_yaml::Deserializer::from_str(stream) {
        let value = Value::deserialize(doc).expect("rendered YAML parses");
        if value.is_null() {
            continue;
        }
        let key = (
            value["kind"].as_str().unwrap_or_default().to_owned(),
            value["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
        assert!(
            docs.insert(key.clone(), value).is_none(),
            "{key:?} rendered twice"
        );
    }
    docs
}

#[test]
fn chart_installs_exactly_the_generated_crds_and_keeps_them_on_uninstall() {
    let docs = render_with_oxbow();
    let in_chart: Vec<&String> = docs
        .keys()
        .filter(|(kind, _)| kind == "CustomResourceDefinition")
        .map(|(_, name)| name)
        .collect();
    let generated: Vec<String> = oxbow_api::crds::all()
        .into_iter()
        .map(|crd| crd.metadata.name.unwrap_or_default())
        .collect();
    let mut expected: Vec<&String> = generated.iter().collect();
    expected.sort();
    assert_eq!(in_chart, expected);
    for name in in_chart {
        let crd = &docs[&("CustomResourceDefinition".to_owned(), name.clone())];
        assert_eq!(
            crd["metadata"]["annotations"]["helm.sh/resource-policy"], "keep",
            "{name} must survive helm uninstall"
        );
    }
}

#[test]
fn chart_runs_each_controller_with_its_service_account_and_flux_flags() {
    let docs = render_with_oxbow();
    for controller in ["source", "kustomize", "helm", "notification"] {
        let name = format!("{controller}-controller");
        let deploy = &docs[&("Deployment".to_owned(), name.clone())];
        assert_eq!(deploy["metadata"]["namespace"], NAMESPACE);
        let pod = &deploy["spec"]["template"]["spec"];
        assert_eq!(pod["serviceAccountName"], name.as_str());
        let container = &pod["containers"][0];
        let image = container["image"].as_str().unwrap();
        assert!(image.ends_with(&format!("/{name}:0.1.0")), "{image}");
        let args: Vec<&str> = container["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(args.contains(&"--enable-leader-election"), "{args:?}");
        let sends_events = args.iter().any(|a| a.starts_with("--events-addr="));
        assert_eq!(
            sends_events,
            controller != "notification",
            "{name}: {args:?}"
        );
        assert!(docs.contains_key(&("ServiceAccount".to_owned(), name)));
    }
}

/// Helm's Go SDK through PyPI's helm-python-sdk, or None (with a notice) when it is absent
/// outside CI.
fn render_with_helm_sdk() -> Option<BTreeMap<(String, String), Value>> {
    let script = format!(
        "import helm_python as helm, sys\n\
         with helm.Chart.load(sys.argv[1]) as c:\n\
         \x20   out = c.render({{}}, name='{RELEASE}', namespace='{NAMESPACE}', is_install=True)\n\
         for k in sorted(out):\n\
         \x20   print('---'); print(out[k])\n"
    );
    let output = Command::new("python3")
        .args(["-c", &script])
        .arg(chart_dir())
        .output();
    match output {
        Ok(out) if out.status.success() => {
            Some(by_kind_and_name(&String::from_utf8_lossy(&out.stdout)))
        }
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                std::env::var_os("CI").is_none(),
                "Helm's SDK is required in CI (pip install helm-python-sdk): {why}"
            );
            eprintln!("skipping: Helm's SDK is not available ({why})");
            None
        }
    }
}

#[test]
fn chart_renders_the_same_with_oxbow_and_helm() {
    let Some(helm) = render_with_helm_sdk() else {
        return;
    };
    let ours = render_with_oxbow();
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        helm.keys().collect::<Vec<_>>()
    );
    for (key, doc) in &helm {
        assert_eq!(&ours[key], doc, "{key:?} differs from Helm's render");
    }
}
