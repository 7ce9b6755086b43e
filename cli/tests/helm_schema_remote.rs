//! `oxbow helm template` with a `values.schema.json` that references schemas
//! served over HTTP on 127.0.0.1: fetched as Helm fetches them (including a
//! document that keeps its definitions under names that are not schema
//! keywords, as bjw-s' common chart does), failures worded as Helm words them
//! (checked against Helm's SDK, which fetches the same URLs), and bounded in
//! size.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../crates/helm/tests/sdk_support/mod.rs"]
mod sdk_support;

/// A definitions document, not itself a schema: its entries reference a sibling.
const DEFS: &str = r#"{"port":{"type":"integer","minimum":1},"name":{"$ref":"names.json#/short"}}"#;
const NAMES: &str = r#"{"short":{"type":"string","maxLength":5}}"#;
/// A draft-07 schema whose properties are defined in a document of the latest draft.
const SVC: &str = r#"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"port":{"$ref":"defs.json#/port"},"name":{"$ref":"defs.json#/name"}}}"#;
/// Larger than the 5 MiB a schema document may be.
const BIG_BYTES: usize = 5 * 1024 * 1024 + 16;

/// A tiny HTTP/1.1 server: `/defs.json`, `/names.json`, `/svc.json`, `/bad.json` (not
/// JSON), `/big.json` (over the size bound); anything else is a 404.
struct Server {
    port: u16,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream));
            }
        });
        Server { port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn serve(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request_line.split(' ').nth(1).unwrap_or("").to_string();
    let big;
    let (status, body) = match path.as_str() {
        "/defs.json" => ("200 OK", DEFS),
        "/names.json" => ("200 OK", NAMES),
        "/svc.json" => ("200 OK", SVC),
        "/bad.json" => ("200 OK", "nope"),
        "/big.json" => {
            big = format!("{}{{}}", " ".repeat(BIG_BYTES));
            ("200 OK", big.as_str())
        }
        _ => ("404 Not Found", ""),
    };
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// A chart named `name` under `dir` with this schema and these values.
fn chart(dir: &Path, name: &str, schema: &str, values: &str) -> PathBuf {
    let chart = dir.join(name);
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n"),
    )
    .unwrap();
    std::fs::write(
        chart.join("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\ndata:\n  port: {{ .Values.port | quote }}\n",
    )
    .unwrap();
    std::fs::write(chart.join("values.schema.json"), schema).unwrap();
    std::fs::write(chart.join("values.yaml"), values).unwrap();
    chart
}

fn template(chart: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oxbow"))
        .args(["helm", "template", "release"])
        .arg(chart)
        .output()
        .unwrap()
}

/// Our error for `chart`, as the SDK words it (no `Error: ` prefix), or `None`
/// when it renders.
fn our_error(chart: &Path) -> Option<String> {
    let out = template(chart);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        assert!(err.is_empty(), "{err}");
        return None;
    }
    Some(
        err.trim_end_matches('\n')
            .trim_start_matches("Error: ")
            .to_string(),
    )
}

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines
}

fn header(chart: &str) -> String {
    format!(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{chart}:\n"
    )
}

#[test]
fn referenced_schemas_are_fetched_and_fail_as_in_helm() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let props = format!(
        r#"{{"properties":{{"port":{{"$ref":"{d}#/port"}},"name":{{"$ref":"{d}#/name"}}}}}}"#,
        d = server.url("/defs.json")
    );
    let cases: Vec<(PathBuf, Option<String>)> = vec![
        (
            chart(dir.path(), "valid", &props, "port: 80\nname: web\n"),
            None,
        ),
        (
            chart(dir.path(), "invalid", &props, "port: 0\nname: toolong\n"),
            Some(format!(
                "{}- at '/name': maxLength: got 7, want 5\n- at '/port': minimum: got 0, want 1",
                header("invalid")
            )),
        ),
        (
            chart(
                dir.path(),
                "grouped",
                &format!(
                    r#"{{"properties":{{"svc":{{"$ref":"{}"}}}}}}"#,
                    server.url("/svc.json")
                ),
                "svc:\n  port: 0\n  name: toolong\n",
            ),
            Some(format!(
                "{}- at '/svc': validation failed\n  - at '/svc/name': maxLength: got 7, want 5\n  - at '/svc/port': minimum: got 0, want 1",
                header("grouped")
            )),
        ),
        (
            chart(
                dir.path(),
                "missing",
                &format!(r#"{{"$ref":"{}"}}"#, server.url("/missing.json")),
                "port: 80\n",
            ),
            Some(format!(
                "{}failing loading \"{u}\": HTTP request to {u} returned status 404 (Not Found)",
                header("missing"),
                u = server.url("/missing.json")
            )),
        ),
        (
            chart(
                dir.path(),
                "notjson",
                &format!(r#"{{"$ref":"{}"}}"#, server.url("/bad.json")),
                "port: 80\n",
            ),
            Some(format!(
                "{}failing loading \"{}\": invalid character 'o' in literal null (expecting 'u')",
                header("notjson"),
                server.url("/bad.json")
            )),
        ),
        (
            chart(
                dir.path(),
                "nopointer",
                &format!(r#"{{"$ref":"{}#/long"}}"#, server.url("/names.json")),
                "port: 80\n",
            ),
            Some(format!(
                "{}json-pointer in \"{}#/long\" not found",
                header("nopointer"),
                server.url("/names.json")
            )),
        ),
    ];
    for (chart, want) in &cases {
        assert_eq!(&our_error(chart), want, "{}", chart.display());
    }
    // Helm's SDK fetches the same URLs.
    if sdk_support::sdk_or_skip() {
        let charts: Vec<PathBuf> = cases.iter().map(|(c, _)| c.clone()).collect();
        let helm = sdk_support::sdk_script("../crates/helm/testdata/funcs/render.py", &charts);
        for (chart, want) in &cases {
            let theirs =
                sdk_support::sdk_error(&helm, chart).map(|e| e.trim_end_matches('\n').to_string());
            // Helm lists sibling failures in Go's map order.
            assert_eq!(
                theirs.as_deref().map(sorted_lines),
                want.as_deref().map(sorted_lines),
                "Helm on {}",
                chart.display()
            );
        }
    }
}

#[test]
fn oversized_and_unreachable_schemas_fail_with_their_url() {
    let server = Server::start();
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!(
            "http://127.0.0.1:{}/x.json",
            listener.local_addr().unwrap().port()
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let big = server.url("/big.json");
    for (name, url, cause) in [
        ("big", big.as_str(), "larger than 5242880 bytes"),
        ("closed", closed.as_str(), "HTTP request failed for"),
    ] {
        let chart = chart(
            dir.path(),
            name,
            &format!(r#"{{"$ref":"{url}"}}"#),
            "port: 1\n",
        );
        let err = our_error(&chart).expect("the schema cannot be loaded");
        assert!(
            err.starts_with(&format!("{}failing loading \"{url}\": ", header(name))),
            "{err}"
        );
        assert!(err.contains(cause), "{err}");
    }
}

#[test]
fn local_schema_files_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("outside.json");
    std::fs::write(&secret, r#"{"type":"string"}"#).unwrap();
    let url = format!("file://{}", secret.display());
    let chart = chart(
        dir.path(),
        "local",
        &format!(r#"{{"$ref":"{url}"}}"#),
        "port: 1\n",
    );
    let err = our_error(&chart).expect("file references are refused");
    assert_eq!(
        err,
        format!(
            "{}failing loading \"{url}\": open {}: schema files outside the chart are not read",
            header("local"),
            secret.display()
        )
    );
}
