//! `oxbow kustomize build` with remote resources served by a real HTTP server
//! on 127.0.0.1: refused without `--allow-remote-resources`, built like a
//! local file with it, and bounded in time and size.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod support;
use support::oxbow;

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote\ndata:\n  k: v\n";

/// A tiny HTTP/1.1 server: `/cm.yaml` answers, `/big` and `/big-stream` send
/// 64 KiB (with and without Content-Length), `/missing` is a 404, and `/hang`
/// reads the request and never answers (until the server is dropped).
struct Server {
    port: u16,
    _stop: mpsc::Sender<()>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (stop, stopped) = mpsc::channel::<()>();
        let stopped = std::sync::Arc::new(std::sync::Mutex::new(stopped));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let stopped = stopped.clone();
                std::thread::spawn(move || serve(stream, &stopped));
            }
        });
        Server { port, _stop: stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn serve(stream: TcpStream, stopped: &std::sync::Mutex<mpsc::Receiver<()>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request_line.split(' ').nth(1).unwrap_or("").to_string();
    let big = "#".repeat(64 * 1024);
    let mut out = stream;
    let reply = |out: &mut TcpStream, status: &str, body: &str, length: bool| {
        let len = if length {
            format!("Content-Length: {}\r\n", body.len())
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "HTTP/1.1 {status}\r\n{len}Connection: close\r\n\r\n{body}"
        );
    };
    match path.as_str() {
        "/cm.yaml" => reply(&mut out, "200 OK", CM, true),
        "/big" => reply(&mut out, "200 OK", &big, true),
        "/big-stream" => reply(&mut out, "200 OK", &big, false),
        // Blocks until the server (and its sender) is dropped.
        "/hang" => drop(stopped.lock().map(|rx| rx.recv())),
        _ => reply(&mut out, "404 Not Found", "", true),
    }
}

fn kustomization(dir: &Path, body: &str) {
    std::fs::write(dir.join("kustomization.yaml"), body).unwrap();
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn remote_resources_are_refused_without_the_flag() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/cm.yaml");
    kustomization(dir.path(), &format!("resources:\n- {url}\n"));
    let out = oxbow(dir.path(), &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(&url), "{err}");
    assert!(err.contains("--allow-remote-resources"), "{err}");
}

#[test]
fn remote_file_is_built_like_a_local_file() {
    let server = Server::start();
    let url = server.url("/cm.yaml");
    let remote = tempfile::tempdir().unwrap();
    kustomization(
        remote.path(),
        &format!("namePrefix: p-\ncommonLabels:\n  app: x\nresources:\n- {url}\n"),
    );
    let out = oxbow(remote.path(), &["--allow-remote-resources"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let local = tempfile::tempdir().unwrap();
    std::fs::write(local.path().join("cm.yaml"), CM).unwrap();
    kustomization(
        local.path(),
        "namePrefix: p-\ncommonLabels:\n  app: x\nresources:\n- cm.yaml\n",
    );
    let want = oxbow(local.path(), &[]);
    assert!(want.status.success(), "{}", stderr(&want));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&want.stdout)
    );

    // The reference implementation fetches loopback URLs too; compare when present.
    if let Ok(kubectl) = Command::new("kubectl")
        .arg("kustomize")
        .arg(remote.path())
        .output()
    {
        if kubectl.status.success() {
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&kubectl.stdout)
            );
        } else {
            eprintln!("kubectl kustomize refused: {}", stderr(&kubectl));
        }
    }
}

#[test]
fn silent_server_fails_within_the_timeout() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/hang");
    kustomization(dir.path(), &format!("resources:\n- {url}\n"));
    let started = Instant::now();
    let out = oxbow(
        dir.path(),
        &["--allow-remote-resources", "--remote-timeout", "300ms"],
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("timed out") && err.contains(&url), "{err}");
}

#[test]
fn oversized_responses_are_refused() {
    let server = Server::start();
    for path in ["/big", "/big-stream"] {
        let dir = tempfile::tempdir().unwrap();
        let url = server.url(path);
        kustomization(dir.path(), &format!("resources:\n- {url}\n"));
        let out = oxbow(
            dir.path(),
            &["--allow-remote-resources", "--remote-max-bytes", "4096"],
        );
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("larger than the limit") && err.contains(&url),
            "{err}"
        );
    }
}

#[test]
fn http_errors_and_ssh_git_bases_are_reported_with_their_url() {
    let server = Server::start();
    let missing = server.url("/missing.yaml");
    let ssh = "git@github.com:org/repo//deploy?ref=v1";
    for (url, want) in [
        (missing.as_str(), "404"),
        (ssh, "ssh git remotes are not supported"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        kustomization(dir.path(), &format!("resources:\n- {url}\n"));
        let out = oxbow(dir.path(), &["--allow-remote-resources"]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains(want) && err.contains(url), "{err}");
    }
}
