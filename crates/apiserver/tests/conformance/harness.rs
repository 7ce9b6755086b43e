//! Test environment: a client, a fresh namespace, helpers to wait with a deadline and
//! to create uniquely named CRDs; cleanup on drop when running against a real cluster.

use std::sync::Mutex;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ApiResource, DeleteParams, Patch, PatchParams, PostParams};
use kube::core::GroupVersionKind;
use kube::{Client, Config};
use oxbow_apiserver::TestCluster;
use rand::Rng;
use serde_json::{Value, json};

/// How long any wait may take before the test fails. Generous: a real cluster's
/// controllers (garbage collector, CRD establishment, RBAC caches) act asynchronously.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// Namespace deletion on a real cluster goes through the namespace controller, which
/// walks every served resource first.
pub const NAMESPACE_DEADLINE: Duration = Duration::from_secs(180);

pub struct Env {
    pub client: Client,
    pub ns: String,
    pub suffix: String,
    config: Config,
    crds: Mutex<Vec<String>>,
    cluster: Option<TestCluster>,
}

fn suffix() -> String {
    const A: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..6)
        .map(|_| A[rng.random_range(0..A.len())] as char)
        .collect()
}

pub async fn env() -> Env {
    let (config, cluster) = match std::env::var("OXBOW_CONFORMANCE_KUBECONFIG") {
        Ok(path) if !path.is_empty() => {
            let kc = kube::config::Kubeconfig::read_from(&path).expect("readable kubeconfig");
            let config = Config::from_custom_kubeconfig(kc, &Default::default())
                .await
                .unwrap();
            (config, None)
        }
        _ => {
            let cluster = TestCluster::start().await;
            (cluster.config().clone(), Some(cluster))
        }
    };
    let client = Client::try_from(config.clone()).unwrap();
    let suffix = suffix();
    let ns = format!("conf-{suffix}");
    let nss: Api<Namespace> = Api::all(client.clone());
    nss.create(
        &PostParams::default(),
        &serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap(),
    )
    .await
    .unwrap();
    Env {
        client,
        ns,
        suffix,
        config,
        crds: Mutex::new(Vec::new()),
        cluster,
    }
}

impl Env {
    /// Whether the suite runs against an external cluster.
    #[allow(dead_code)]
    pub fn external(&self) -> bool {
        self.cluster.is_none()
    }

    pub fn api<K>(&self) -> Api<K>
    where
        K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>,
        <K as kube::Resource>::DynamicType: Default,
    {
        Api::namespaced(self.client.clone(), &self.ns)
    }

    /// A unique API group for this test's CRDs.
    pub fn group(&self) -> String {
        format!("{}.conformance.oxbow.dev", self.suffix)
    }

    /// Creates a CRD (server-side apply), waits until it is established and served,
    /// and returns its resource.
    pub async fn crd(&self, kind: &str, namespaced: bool, version_spec: Value) -> ApiResource {
        let group = self.group();
        let plural = format!("{}s", kind.to_lowercase());
        let name = format!("{plural}.{group}");
        let mut version = json!({"name": "v1", "served": true, "storage": true});
        merge(&mut version, &version_spec);
        let crd = json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": name},
            "spec": {
                "group": group,
                "scope": if namespaced { "Namespaced" } else { "Cluster" },
                "names": {"plural": plural, "singular": kind.to_lowercase(), "kind": kind,
                          "shortNames": [format!("{}{}", kind.to_lowercase(), self.suffix)]},
                "versions": [version],
            }
        });
        self.install_crd(&crd, "v1").await
    }

    /// Installs a whole CRD object (server-side apply), registers it for cleanup, waits
    /// until it is established and `version` is served, and returns that resource.
    pub async fn install_crd(&self, crd: &Value, version: &str) -> ApiResource {
        let name = crd["metadata"]["name"].as_str().unwrap().to_owned();
        let group = crd["spec"]["group"].as_str().unwrap().to_owned();
        let kind = crd["spec"]["names"]["kind"].as_str().unwrap().to_owned();
        let crds: Api<CustomResourceDefinition> = Api::all(self.client.clone());
        crds.patch(
            &name,
            &PatchParams::apply("conformance").force(),
            &Patch::Apply(crd),
        )
        .await
        .unwrap();
        self.crds.lock().unwrap().push(name.clone());
        let established = kube::runtime::wait::await_condition(
            crds,
            &name,
            kube::runtime::wait::conditions::is_crd_established(),
        );
        tokio::time::timeout(DEADLINE, established)
            .await
            .expect("CRD established in time")
            .unwrap();
        let gvk = GroupVersionKind::gvk(&group, version, &kind);
        // Established CRDs are served "within a second"; poll discovery until then.
        let start = tokio::time::Instant::now();
        loop {
            if let Ok((ar, _)) = kube::discovery::pinned_kind(&self.client, &gvk).await {
                return ar;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "CRD {name} not discoverable in time"
            );
            tokio::task::yield_now().await;
        }
    }
}

/// The client config of an environment (to derive impersonating clients).
pub fn config(env: &Env) -> &Config {
    &env.config
}

/// Deep-merges `patch` into `base` (objects only).
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// The API error status of a failed call.
pub fn status_of<T: std::fmt::Debug>(r: Result<T, kube::Error>) -> kube::core::Status {
    match r {
        Err(kube::Error::Api(s)) => *s,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Waits for a condition with the suite deadline.
pub async fn wait<K>(
    api: Api<K>,
    name: &str,
    cond: impl kube::runtime::wait::Condition<K>,
) -> Option<K>
where
    K: kube::Resource + Clone + std::fmt::Debug + serde::de::DeserializeOwned + Send + 'static,
{
    wait_up_to(DEADLINE, api, name, cond).await
}

/// Waits for a condition with a given deadline.
pub async fn wait_up_to<K>(
    deadline: Duration,
    api: Api<K>,
    name: &str,
    cond: impl kube::runtime::wait::Condition<K>,
) -> Option<K>
where
    K: kube::Resource + Clone + std::fmt::Debug + serde::de::DeserializeOwned + Send + 'static,
{
    let fut = kube::runtime::wait::await_condition(api, name, cond);
    tokio::time::timeout(deadline, fut)
        .await
        .expect("condition met in time")
        .unwrap()
}

impl Drop for Env {
    fn drop(&mut self) {
        if self.cluster.is_some() {
            return;
        }
        let (config, ns) = (self.config.clone(), self.ns.clone());
        let crds = std::mem::take(&mut *self.crds.lock().unwrap());
        // Drop cannot await; clean up on a private runtime so a real cluster is left tidy.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let client = Client::try_from(config).unwrap();
                let _ = Api::<Namespace>::all(client.clone())
                    .delete(&ns, &DeleteParams::default())
                    .await;
                for crd in crds {
                    let _ = Api::<CustomResourceDefinition>::all(client.clone())
                        .delete(&crd, &DeleteParams::default())
                        .await;
                }
            });
        })
        .join();
    }
}

/// Sends a raw request; returns the status code and the JSON body (Null if not JSON).
pub async fn raw(
    env: &Env,
    method: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", content_type)
        .body(kube::client::Body::from(body))
        .unwrap();
    let resp = env.client.send(req).await.unwrap();
    let code = resp.status().as_u16();
    let bytes = axum::body::to_bytes(axum::body::Body::new(resp.into_body()), usize::MAX)
        .await
        .unwrap();
    (code, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}
