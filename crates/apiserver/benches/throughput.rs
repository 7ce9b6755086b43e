//! `make bench` for the API server: creates/s, server-side applies/s, listing 10k
//! objects, watch fan-out to 100 watchers, and RSS with 50k small objects. Runs the
//! `oxbow-apiserver` binary as a child process (so the RSS is the server's own) and
//! drives it with kube-rs over plain HTTP (no TLS cost).
//!
//! `OXBOW_BENCH_SERVER=<url> OXBOW_BENCH_TOKEN=<token>` drives a server started
//! elsewhere instead (for example under `valgrind --tool=callgrind`), and
//! `OXBOW_BENCH_ONLY=ssa` runs only the server-side apply rounds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Instant;

use futures::{StreamExt, TryStreamExt, stream};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams};
use serde_json::json;

const CONCURRENCY: usize = 32;

fn cm(name: &str) -> ConfigMap {
    serde_json::from_value(
        json!({"metadata": {"name": name, "labels": {"bench": "yes"}}, "data": {"k": "v"}}),
    )
    .unwrap()
}

async fn namespace(client: &kube::Client, name: &str) -> Api<ConfigMap> {
    let nss: Api<Namespace> = Api::all(client.clone());
    nss.create(
        &PostParams::default(),
        &serde_json::from_value(json!({"metadata": {"name": name}})).unwrap(),
    )
    .await
    .unwrap();
    Api::namespaced(client.clone(), name)
}

async fn create_many(api: &Api<ConfigMap>, prefix: &str, n: usize) -> f64 {
    let start = Instant::now();
    stream::iter(0..n)
        .map(|i| {
            let api = api.clone();
            let name = format!("{prefix}-{i}");
            async move {
                api.create(&PostParams::default(), &cm(&name))
                    .await
                    .map(|_| ())
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    n as f64 / start.elapsed().as_secs_f64()
}

async fn apply_many(api: &Api<ConfigMap>, n: usize, round: usize) -> f64 {
    let start = Instant::now();
    stream::iter(0..n)
        .map(|i| {
            let api = api.clone();
            async move {
                let name = format!("ssa-{i}");
                let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name},
                                 "data": {"round": round.to_string()}});
                api.patch(&name, &PatchParams::apply("bench").force(), &Patch::Apply(&obj)).await.map(|_| ())
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    n as f64 / start.elapsed().as_secs_f64()
}

/// A field of `/proc/<pid>/status` in MiB (`VmRSS`, `VmHWM`).
fn status_mib(pid: Option<u32>, field: &str) -> f64 {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_owned(),
    };
    let status = std::fs::read_to_string(path).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// The server under test: a child process, or one started elsewhere.
struct Target {
    url: String,
    token: String,
    child: Option<std::process::Child>,
    _dir: tempfile::TempDir,
}

impl Target {
    fn start() -> Target {
        let dir = tempfile::tempdir().unwrap();
        if let Ok(url) = std::env::var("OXBOW_BENCH_SERVER") {
            let token = std::env::var("OXBOW_BENCH_TOKEN").unwrap_or_default();
            return Target {
                url,
                token,
                child: None,
                _dir: dir,
            };
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let token = "bench-token".to_owned();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_oxbow-apiserver"))
            .args([
                "--port",
                &port.to_string(),
                "--token",
                &token,
                "--log",
                "warn",
            ])
            .arg("--kubeconfig-out")
            .arg(dir.path().join("kubeconfig"))
            .spawn()
            .unwrap();
        let deadline = Instant::now() + std::time::Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Target {
            url: format!("http://127.0.0.1:{port}"),
            token,
            child: Some(child),
            _dir: dir,
        }
    }

    fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(std::process::Child::id)
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = Target::start();
    let mut config = kube::Config::new(server.url.parse().unwrap());
    config.auth_info.token = Some(server.token.clone().into());
    let client = kube::Client::try_from(config).unwrap();
    // Until the server has answered, `/readyz` may still be starting.
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while client.apiserver_version().await.is_err() {
        assert!(Instant::now() < deadline, "the server did not answer");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    if std::env::var("OXBOW_BENCH_ONLY").as_deref() == Ok("ssa") {
        let api = namespace(&client, "bench-ssa").await;
        apply_many(&api, 2_000, 0).await;
        println!("ssa applies/s: {:.0}", apply_many(&api, 2_000, 1).await);
        return;
    }

    let api = namespace(&client, "bench-create").await;
    println!("creates/s: {:.0}", create_many(&api, "c", 5_000).await);

    let api = namespace(&client, "bench-ssa").await;
    apply_many(&api, 5_000, 0).await;
    println!(
        "ssa applies/s (updates of small objects): {:.0}",
        apply_many(&api, 5_000, 1).await
    );

    let api = namespace(&client, "bench-list").await;
    create_many(&api, "l", 10_000).await;
    let start = Instant::now();
    // The namespace also holds its kube-root-ca.crt ConfigMap.
    let list = api
        .list(&ListParams::default().labels("bench=yes"))
        .await
        .unwrap();
    assert_eq!(list.items.len(), 10_000);
    println!(
        "list 10k objects: {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );

    let api = namespace(&client, "bench-watch").await;
    let rv = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let events = 1_000;
    let mut watchers = Vec::new();
    for _ in 0..100 {
        let s = api
            .watch(&WatchParams::default(), &rv)
            .await
            .unwrap()
            .boxed();
        watchers.push(tokio::spawn(async move {
            let mut s = s;
            let mut seen = 0;
            while seen < events {
                if let Some(Ok(WatchEvent::Added(_))) = s.next().await {
                    seen += 1;
                }
            }
        }));
    }
    let start = Instant::now();
    create_many(&api, "w", events).await;
    for w in watchers {
        w.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "watch fan-out: 100 watchers x {events} events in {:.0} ms ({:.0} events/s delivered)",
        secs * 1000.0,
        100.0 * events as f64 / secs
    );

    let api = namespace(&client, "bench-rss").await;
    let pid = server.pid();
    let before = status_mib(pid, "VmRSS:");
    create_many(&api, "r", 50_000 - 21_000).await;
    let what = if pid.is_some() { "server" } else { "client" };
    println!(
        "{what} rss with ~50k small objects: {:.0} MiB, peak {:.0} MiB (before the last 29k: {before:.0} MiB)",
        status_mib(pid, "VmRSS:"),
        status_mib(pid, "VmHWM:"),
    );
}
