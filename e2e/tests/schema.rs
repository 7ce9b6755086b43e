//! Oxbow's CRDs installed in a real API server (the embedded one, or a cluster through
//! `OXBOW_E2E_KUBECONFIG`) accept Flux objects and reject invalid ones with a 422 that
//! names the offending field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, Config};
use oxbow_apiserver::TestCluster;
use serde_json::{Value, json};

/// The API server under test; holds the embedded one alive when no cluster is configured.
struct Target {
    client: Client,
    _cluster: Option<TestCluster>,
}

async fn target() -> Target {
    if let Some(path) = std::env::var_os("OXBOW_E2E_KUBECONFIG") {
        let kubeconfig = kube::config::Kubeconfig::read_from(path).unwrap();
        let config = Config::from_custom_kubeconfig(kubeconfig, &Default::default())
            .await
            .unwrap();
        return Target {
            client: Client::try_from(config).unwrap(),
            _cluster: None,
        };
    }
    let cluster = TestCluster::start().await;
    Target {
        client: cluster.client(),
        _cluster: Some(cluster),
    }
}

async fn install_crds(client: &Client) {
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let params = kube::api::PatchParams::apply("oxbow-e2e").force();
    for crd in oxbow_api::crds::all() {
        let name = crd.metadata.name.clone().unwrap();
        crds.patch(&name, &params, &kube::api::Patch::Apply(&crd))
            .await
            .unwrap();
    }
}

/// Creates `object` (server-side dry run, so a real cluster keeps nothing), retrying
/// while the CRD's resource is not served yet.
async fn create(client: &Client, object: Value) -> Result<(), kube::Error> {
    let (group, version) = object["apiVersion"]
        .as_str()
        .unwrap()
        .split_once('/')
        .unwrap();
    let kind = object["kind"].as_str().unwrap();
    let gvk = GroupVersionKind::gvk(group, version, kind);
    let plural = oxbow_api::crds::all()
        .into_iter()
        .find(|crd| crd.spec.names.kind == kind && crd.spec.group == group)
        .map(|crd| crd.spec.names.plural)
        .unwrap();
    let resource = ApiResource::from_gvk_with_plural(&gvk, &plural);
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), "default", &resource);
    let obj: DynamicObject = serde_json::from_value(object).unwrap();
    let params = PostParams {
        dry_run: true,
        ..PostParams::default()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match api.create(&params, &obj).await {
            Err(kube::Error::Api(e)) if e.code == 404 && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return other.map(|_| ()),
        }
    }
}

fn git_repository(spec: Value) -> Value {
    json!({
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": "podinfo", "namespace": "default"},
        "spec": spec,
    })
}

fn kustomization(spec: Value) -> Value {
    json!({
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": {"name": "apps", "namespace": "default"},
        "spec": spec,
    })
}

#[tokio::test]
async fn installed_crds_accept_valid_objects_and_name_the_field_of_invalid_ones() {
    let target = target().await;
    install_crds(&target.client).await;

    let valid_source = json!({"interval": "5m", "url": "https://example.com/podinfo"});
    create(&target.client, git_repository(valid_source))
        .await
        .unwrap();
    let valid_ks = json!({"interval": "10m", "prune": true,
        "sourceRef": {"kind": "GitRepository", "name": "podinfo"}});
    create(&target.client, kustomization(valid_ks))
        .await
        .unwrap();

    let cases = [
        (
            "an interval that is not a Go duration",
            git_repository(json!({"interval": "1x", "url": "https://example.com/podinfo"})),
            "spec.interval",
        ),
        (
            "a missing required field",
            git_repository(json!({"interval": "5m"})),
            "spec.url",
        ),
        (
            "an unknown enum value",
            kustomization(
                json!({"interval": "10m", "prune": true, "deletionPolicy": "Sometimes",
                "sourceRef": {"kind": "GitRepository", "name": "podinfo"}}),
            ),
            "spec.deletionPolicy",
        ),
        (
            "a source kind the enum does not list",
            kustomization(json!({"interval": "10m", "prune": true,
                "sourceRef": {"kind": "Tarball", "name": "podinfo"}})),
            "spec.sourceRef.kind",
        ),
    ];
    for (what, object, field) in cases {
        match create(&target.client, object).await {
            Err(kube::Error::Api(e)) => {
                assert_eq!(e.code, 422, "{what}: {e:?}");
                assert!(
                    e.message.contains(field),
                    "{what}: '{}' should name {field}",
                    e.message
                );
            }
            other => panic!("{what} was not rejected: {other:?}"),
        }
    }
}
