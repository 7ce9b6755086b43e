//! Real Git servers on 127.0.0.1, one per test, stopped on drop: nginx (single
//! process) + fcgiwrap + `git http-backend`, optionally with basic or bearer auth
//! and TLS (server certificate from a generated CA, optional client
//! certificates); and `git daemon`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{eventually, free_port, require, wait_listening, wait_listening_on};

/// Stops the child processes it owns on drop.
pub struct Processes(pub Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// How the HTTP server is set up.
#[derive(Default, Clone)]
pub struct HttpOptions {
    /// Require this user and password.
    pub basic_auth: Option<(String, String)>,
    /// Require this bearer token.
    pub bearer: Option<String>,
    /// Serve HTTPS with a certificate from a generated CA.
    pub tls: bool,
    /// Also require a client certificate signed by the CA.
    pub mtls: bool,
}

/// PEM material of a generated CA, the server certificate and a client certificate.
pub struct Pki {
    pub ca: String,
    pub client_cert: String,
    pub client_key: String,
}

/// nginx + fcgiwrap + git http-backend serving a [`GitRoot`](super::fixture::GitRoot).
pub struct GitHttp {
    /// `http://127.0.0.1:<port>` or `https://localhost:<port>`.
    pub base: String,
    pub pki: Option<Pki>,
    _processes: Processes,
    _dir: tempfile::TempDir,
}

fn git_exec_path() -> PathBuf {
    let out = Command::new("git").arg("--exec-path").output().unwrap();
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn pki(dir: &Path) -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    // Distinct subjects: OpenSSL takes a certificate whose subject equals its
    // issuer's for self-signed.
    let named = |sans: Vec<String>, cn: &str| {
        let mut params = CertificateParams::new(sans).unwrap();
        params.distinguished_name.push(DnType::CommonName, cn);
        params
    };
    let mut ca_params = named(Vec::new(), "oxbow test ca");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let server = named(
        vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
        "localhost",
    )
    .signed_by(&server_key, &ca)
    .unwrap();
    let client_key = KeyPair::generate().unwrap();
    let client = named(vec!["client".to_owned()], "client")
        .signed_by(&client_key, &ca)
        .unwrap();
    std::fs::write(dir.join("ca.crt"), ca.pem()).unwrap();
    std::fs::write(dir.join("server.crt"), server.pem()).unwrap();
    std::fs::write(dir.join("server.key"), server_key.serialize_pem()).unwrap();
    Pki {
        ca: ca.pem(),
        client_cert: client.pem(),
        client_key: client_key.serialize_pem(),
    }
}

impl GitHttp {
    /// Starts the server for the repositories in `root`; `None` when skipped.
    pub async fn start(root: &Path, options: HttpOptions) -> Option<Self> {
        let nginx = require("nginx")?;
        let fcgiwrap = require("fcgiwrap")?;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let socket = d.join("fcgiwrap.sock");
        let fcgi = Command::new(fcgiwrap)
            .arg("-s")
            .arg(format!("unix:{}", socket.display()))
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let mut processes = Processes(vec![fcgi]);
        let sock = socket.clone();
        eventually("the fcgiwrap socket", Duration::from_secs(10), || {
            let exists = sock.exists();
            async move { exists.then_some(()) }
        })
        .await;

        let port = free_port();
        let pki = options.tls.then(|| pki(d));
        let tls = if options.tls {
            let mut conf = format!(
                "ssl_certificate {0}/server.crt; ssl_certificate_key {0}/server.key;",
                d.display()
            );
            if options.mtls {
                conf.push_str(&format!(
                    " ssl_client_certificate {}/ca.crt; ssl_verify_client on;",
                    d.display()
                ));
            }
            conf
        } else {
            String::new()
        };
        let mut auth = String::new();
        if let Some((user, password)) = &options.basic_auth {
            std::fs::write(d.join("htpasswd"), format!("{user}:{{PLAIN}}{password}\n")).unwrap();
            auth = format!(
                "auth_basic \"git\"; auth_basic_user_file {}/htpasswd;",
                d.display()
            );
        }
        if let Some(token) = &options.bearer {
            auth = format!("if ($http_authorization != \"Bearer {token}\") {{ return 401; }}");
        }
        let conf = format!(
            r#"
master_process off;
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body;
  fastcgi_temp_path {dir}/fastcgi;
  proxy_temp_path {dir}/proxy;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  server {{
    listen 127.0.0.1:{port}{ssl};
    {tls}
    location / {{
      {auth}
      fastcgi_pass unix:{socket};
      fastcgi_param SCRIPT_FILENAME {backend};
      fastcgi_param GIT_PROJECT_ROOT {root};
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param PATH_INFO $uri;
      fastcgi_param REMOTE_USER $remote_user;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param HOME {dir};
    }}
  }}
}}
"#,
            dir = d.display(),
            ssl = if options.tls { " ssl" } else { "" },
            socket = socket.display(),
            backend = git_exec_path().join("git-http-backend").display(),
            root = root.display(),
        );
        std::fs::write(d.join("nginx.conf"), conf).unwrap();
        let server = Command::new(nginx)
            .arg("-p")
            .arg(d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .arg("-e")
            .arg(d.join("error.log"))
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        processes.0.push(server);
        wait_listening(port).await;
        let base = if options.tls {
            format!("https://localhost:{port}")
        } else {
            format!("http://127.0.0.1:{port}")
        };
        Some(Self {
            base,
            pki,
            _processes: processes,
            _dir: dir,
        })
    }

    /// The URL of repository `name`.
    pub fn url(&self, name: &str) -> String {
        format!("{}/{name}.git", self.base)
    }
}

/// `git daemon` exporting every repository under a root.
pub struct GitDaemon {
    /// `git://127.0.0.1:<port>`.
    pub base: String,
    _processes: Processes,
}

impl GitDaemon {
    /// Starts the daemon for `root` on 127.0.0.1; `None` when skipped.
    pub async fn start(root: &Path) -> Option<Self> {
        Self::start_on(root, "127.0.0.1").await
    }

    /// Starts the daemon for `root` listening on `address` (`127.0.0.1`, `::1`).
    pub async fn start_on(root: &Path, address: &str) -> Option<Self> {
        require("git")?;
        let port = free_port();
        // `git-daemon` itself: `git daemon` would run it as a grandchild that
        // outlives the kill on drop.
        let child = Command::new(git_exec_path().join("git-daemon"))
            .arg("--reuseaddr")
            .arg("--export-all")
            .arg("--informative-errors")
            .arg(format!("--base-path={}", root.display()))
            .arg(format!("--listen={address}"))
            .arg(format!("--port={port}"))
            .arg(root)
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let processes = Processes(vec![child]);
        let ip: std::net::IpAddr = address.parse().unwrap();
        wait_listening_on(ip, port).await;
        let host = match ip {
            std::net::IpAddr::V6(_) => format!("[{address}]"),
            std::net::IpAddr::V4(_) => address.to_owned(),
        };
        Some(Self {
            base: format!("git://{host}:{port}"),
            _processes: processes,
        })
    }

    /// The URL of repository `name`.
    pub fn url(&self, name: &str) -> String {
        format!("{}/{name}.git", self.base)
    }
}

/// `tinyproxy`: an HTTP proxy (absolute-form requests and `CONNECT`) on loopback,
/// optionally requiring basic auth. Its log records every proxied request.
pub struct HttpProxy {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    log: PathBuf,
    _processes: Processes,
    _dir: tempfile::TempDir,
}

impl HttpProxy {
    /// Starts the proxy; `None` when skipped.
    pub async fn start(basic_auth: Option<(&str, &str)>) -> Option<Self> {
        let binary = require("tinyproxy")?;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let port = free_port();
        let log = d.join("tinyproxy.log");
        let mut conf = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\n\
             LogFile \"{}\"\nLogLevel Connect\nMaxClients 20\n",
            log.display()
        );
        if let Some((user, password)) = basic_auth {
            conf.push_str(&format!("BasicAuth {user} {password}\n"));
        }
        std::fs::write(d.join("tinyproxy.conf"), conf).unwrap();
        // -d: stay in the foreground, so the kill on drop ends it.
        let child = Command::new(binary)
            .arg("-d")
            .arg("-c")
            .arg(d.join("tinyproxy.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let processes = Processes(vec![child]);
        wait_listening(port).await;
        Some(Self {
            address: format!("http://127.0.0.1:{port}"),
            log,
            _processes: processes,
            _dir: dir,
        })
    }

    /// Whether the proxy's log mentions `text` (e.g. a repository path it forwarded).
    pub fn logged(&self, text: &str) -> bool {
        std::fs::read_to_string(&self.log).is_ok_and(|log| log.contains(text))
    }
}
