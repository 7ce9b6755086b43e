//! The source-controller running in-process against the embedded API server,
//! with its storage in a temporary directory and the artifact server on a
//! random loopback port.

use std::collections::BTreeMap;
use std::time::Duration;

use clap::Parser;
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Patch, PatchParams, PostParams};
use kube::{Api, Client};
use oxbow_api::source::GitRepository;
use oxbow_apiserver::TestCluster;
use oxbow_common::runtime::runner::Runner;
use source_controller::cli::Cli;
use source_controller::server::ArtifactServer;
use tokio_util::sync::CancellationToken;

use super::eventually;

/// Namespace the tests use.
pub const NS: &str = "default";

/// A running controller and its cluster.
pub struct Controller {
    pub cluster: TestCluster,
    pub client: Client,
    pub storage: tempfile::TempDir,
    pub server: ArtifactServer,
    stop: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Controller {
    /// Starts a cluster with the CRDs and the controller with `extra` flags.
    pub async fn start(extra: &[&str]) -> Self {
        let cluster = TestCluster::start().await;
        let client = cluster.client();
        let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
        for crd in oxbow_api::crds::all() {
            crds.create(&PostParams::default(), &crd).await.unwrap();
        }
        let repos: Api<GitRepository> = Api::namespaced(client.clone(), NS);
        eventually("the GitRepository API", Duration::from_secs(10), || {
            let repos = repos.clone();
            async move { repos.list(&Default::default()).await.ok().map(|_| ()) }
        })
        .await;
        let storage = tempfile::tempdir().unwrap();
        let storage_flag = format!("--storage-path={}", storage.path().display());
        let mut args = vec![
            "source-controller",
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--storage-addr=127.0.0.1:0",
            "--storage-adv-addr=source-controller.test",
            "--log-level=debug",
            storage_flag.as_str(),
        ];
        args.extend_from_slice(extra);
        let cli = Cli::try_parse_from(args).unwrap();
        let stop = CancellationToken::new();
        let runner = Runner::with_client(cli.runner_config(), client.clone(), stop.clone())
            .await
            .unwrap();
        let reconciler = source_controller::app::reconciler(&cli).unwrap();
        let server = reconciler.server().clone();
        let task = tokio::spawn(async move {
            source_controller::kinds::register(runner, reconciler)
                .run()
                .await
                .unwrap();
        });
        Self {
            cluster,
            client,
            storage,
            server,
            stop,
            task: Some(task),
        }
    }

    pub fn repos(&self) -> Api<GitRepository> {
        Api::namespaced(self.client.clone(), NS)
    }

    pub async fn create(&self, repo: &GitRepository) {
        self.repos()
            .create(&PostParams::default(), repo)
            .await
            .unwrap();
    }

    pub async fn secret(&self, name: &str, data: &[(&str, &str)]) {
        let secret = Secret {
            metadata: kube::api::ObjectMeta {
                name: Some(name.to_owned()),
                namespace: Some(NS.to_owned()),
                ..Default::default()
            },
            data: Some(
                data.iter()
                    .map(|(k, v)| (k.to_string(), ByteString(v.as_bytes().to_vec())))
                    .collect::<BTreeMap<_, _>>(),
            ),
            ..Default::default()
        };
        Api::<Secret>::namespaced(self.client.clone(), NS)
            .create(&PostParams::default(), &secret)
            .await
            .unwrap();
    }

    /// Merge-patches `spec` of repository `name`.
    pub async fn patch_spec(&self, name: &str, spec: serde_json::Value) {
        self.repos()
            .patch(
                name,
                &PatchParams::default(),
                &Patch::Merge(serde_json::json!({ "spec": spec })),
            )
            .await
            .unwrap();
    }

    /// Waits until `name`'s `type_` condition has `status` (and `reason` if given)
    /// for its current generation.
    pub async fn wait_condition(
        &self,
        name: &str,
        type_: &str,
        status: &str,
        reason: Option<&str>,
    ) -> GitRepository {
        let what = format!("{type_}={status} {reason:?}");
        self.wait_until(name, &what, |repo| {
            let conditions = repo.status.as_ref().and_then(|s| s.conditions.as_ref());
            let Some(c) = conditions.and_then(|c| c.iter().find(|c| c.type_ == type_)) else {
                return false;
            };
            serde_json::to_value(c.status).ok() == Some(serde_json::json!(status))
                && reason.is_none_or(|r| c.reason == r)
                && c.observed_generation == repo.metadata.generation
        })
        .await
    }

    /// Waits until `check` holds for repository `name`; on timeout, fails showing its status.
    pub async fn wait_until(
        &self,
        name: &str,
        what: &str,
        check: impl Fn(&GitRepository) -> bool,
    ) -> GitRepository {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let current = self.repos().get(name).await.ok();
            if let Some(repo) = current.as_ref().filter(|r| check(r)) {
                return repo.clone();
            }
            if std::time::Instant::now() > deadline {
                let status = current
                    .and_then(|r| r.status)
                    .map(|s| serde_json::to_string_pretty(&s).unwrap());
                panic!(
                    "timed out waiting for {name}: {what}; status: {}",
                    status.unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for `Ready=True`.
    pub async fn wait_ready(&self, name: &str) -> GitRepository {
        self.wait_condition(name, "Ready", "True", None).await
    }

    /// Downloads `path` from the artifact server.
    pub async fn download(&self, path: &str) -> reqwest::Response {
        let addr = self.server.local_addr().expect("artifact server listening");
        reqwest::get(format!("http://{addr}/{path}")).await.unwrap()
    }
}

impl Drop for Controller {
    fn drop(&mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
