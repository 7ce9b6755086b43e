//! Test support shared by the source-controller's integration tests: Git fixture
//! repositories made with the `git` CLI, real Git servers on loopback (nginx +
//! fcgiwrap + `git http-backend`, `git daemon`), and the controller running
//! against the embedded API server.
//!
//! A missing server binary fails the test with a clear message when `CI` is set
//! and skips it with a notice otherwise.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod controller;
pub mod fixture;
pub mod servers;
pub mod signing;
pub mod sshd;

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The full path of `binary` on `PATH` (or among `extra` directories), or `None`
/// after failing (CI) or printing a skip notice (elsewhere).
pub fn require(binary: &str) -> Option<PathBuf> {
    let extra = ["/usr/sbin", "/sbin", "/usr/local/sbin"];
    let path = std::env::var("PATH").unwrap_or_default();
    let found = path
        .split(':')
        .chain(extra)
        .map(|dir| PathBuf::from(dir).join(binary))
        .find(|p| p.is_file());
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("required test binary '{binary}' is not installed (install it in .ci/run)");
        }
        eprintln!("SKIPPED: '{binary}' is not installed; install it to run this test");
    }
    found
}

/// Polls `check` until it returns `Some` or `timeout` passes.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if Instant::now() > deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A free TCP port on 127.0.0.1 (bound then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something accepts connections on `port`.
pub async fn wait_listening(port: u16) {
    wait_listening_on(std::net::Ipv4Addr::LOCALHOST.into(), port).await;
}

/// Waits until something accepts connections on `ip:port`.
pub async fn wait_listening_on(ip: std::net::IpAddr, port: u16) {
    eventually(
        &format!("a server on {ip} port {port}"),
        Duration::from_secs(20),
        || async move {
            tokio::net::TcpStream::connect((ip, port))
                .await
                .ok()
                .map(|_| ())
        },
    )
    .await;
}
