//! A real OpenSSH server on 127.0.0.1, one per test, stopped on drop: host keys
//! and client keys made with `ssh-keygen` in a temporary directory, public-key
//! auth only, for the user running the tests (git-upload-pack is on the
//! session's default PATH).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::servers::Processes;
use super::{free_port, require, wait_listening};

/// A client key pair for the `identity` of a Secret.
pub struct ClientKey {
    /// The private key file's text (`identity`).
    pub private: String,
    /// The `authorized_keys` line.
    pub public: String,
}

impl ClientKey {
    /// A new key pair made by `ssh-keygen` in `dir`.
    pub fn generate(dir: &Path, name: &str, spec: KeySpec<'_>) -> Self {
        let path = keygen(dir, name, spec);
        Self {
            private: read(&path),
            public: read(&path.with_extension("pub")).trim().to_owned(),
        }
    }
}

/// How `ssh-keygen` makes a key.
#[derive(Clone, Copy)]
pub struct KeySpec<'a> {
    /// `ed25519`, `rsa` or `ecdsa`.
    pub kind: &'a str,
    /// Passphrase (empty: none).
    pub passphrase: &'a str,
    /// PEM (PKCS#1 / SEC1) instead of the OpenSSH format.
    pub pem: bool,
}

impl KeySpec<'_> {
    pub const ED25519: KeySpec<'static> = KeySpec {
        kind: "ed25519",
        passphrase: "",
        pem: false,
    };
}

/// `ssh -D`: a SOCKS5 proxy on loopback, stopped on drop.
pub struct SocksProxy {
    /// `socks5://127.0.0.1:<port>`.
    pub address: String,
    _processes: Processes,
}

/// `sshd -D -e` with a generated configuration.
pub struct Sshd {
    /// The port it listens on.
    pub port: u16,
    /// The local user keys are authorized for.
    pub user: String,
    host_keys: Vec<String>,
    dir: tempfile::TempDir,
    _processes: Processes,
}

fn keygen(dir: &Path, name: &str, spec: KeySpec<'_>) -> PathBuf {
    let path = dir.join(name);
    let mut command = Command::new("ssh-keygen");
    command
        .args(["-q", "-t", spec.kind, "-C", "", "-N", spec.passphrase, "-f"])
        .arg(&path);
    if spec.kind == "rsa" {
        command.args(["-b", "2048"]);
    }
    if spec.pem {
        command.args(["-m", "PEM"]);
    }
    let out = command.stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "ssh-keygen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn current_user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl Sshd {
    /// Starts sshd with an ed25519 and an ECDSA host key; `None` when skipped.
    pub async fn start() -> Option<Self> {
        let sshd = require("sshd")?;
        require("ssh-keygen")?;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let host_ed25519 = keygen(d, "host_ed25519", KeySpec::ED25519);
        let host_ecdsa = keygen(
            d,
            "host_ecdsa",
            KeySpec {
                kind: "ecdsa",
                ..KeySpec::ED25519
            },
        );
        std::fs::write(d.join("authorized_keys"), "").unwrap();
        // Privilege separation needs this directory when sshd runs as root.
        let _ = std::fs::create_dir_all("/run/sshd");
        let config = format!(
            "ListenAddress 127.0.0.1\n\
             HostKey {}\n\
             HostKey {}\n\
             PidFile {dir}/sshd.pid\n\
             AuthorizedKeysFile {dir}/authorized_keys\n\
             StrictModes no\n\
             UsePAM no\n\
             PasswordAuthentication no\n\
             KbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\n\
             PermitRootLogin prohibit-password\n\
             LogLevel ERROR\n",
            host_ed25519.display(),
            host_ecdsa.display(),
            dir = d.display(),
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let port = free_port();
        let child = Command::new(sshd)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(d.join("sshd_config"))
            .arg("-p")
            .arg(port.to_string())
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let processes = Processes(vec![child]);
        wait_listening(port).await;
        let host_keys = [host_ed25519, host_ecdsa]
            .iter()
            .map(|k| read(&k.with_extension("pub")).trim().to_owned())
            .collect();
        Some(Self {
            port,
            user: current_user(),
            host_keys,
            dir,
            _processes: processes,
        })
    }

    /// `ssh://<user>@127.0.0.1:<port><path>` for a bare repository at `path`.
    pub fn url(&self, path: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            path.display()
        )
    }

    /// `known_hosts` listing both host keys as `[127.0.0.1]:<port>`.
    pub fn known_hosts(&self) -> String {
        self.host_keys
            .iter()
            .map(|key| format!("[127.0.0.1]:{} {key}\n", self.port))
            .collect()
    }

    /// `known_hosts` listing this server's name with a key it does not hold.
    pub fn wrong_known_hosts(&self) -> String {
        let other = self.new_key("impostor_host", KeySpec::ED25519);
        format!("[127.0.0.1]:{} {}\n", self.port, other.public)
    }

    /// A new client key pair (not yet authorized).
    pub fn new_key(&self, name: &str, spec: KeySpec<'_>) -> ClientKey {
        ClientKey::generate(self.dir.path(), name, spec)
    }

    /// A SOCKS5 proxy (`ssh -D`) logged in to this server with `key`, which
    /// must be authorized; `None` when skipped.
    pub async fn socks_proxy(&self, key: &ClientKey) -> Option<SocksProxy> {
        use std::os::unix::fs::PermissionsExt;
        let ssh = require("ssh")?;
        let d = self.dir.path();
        let identity = d.join("proxy_identity");
        std::fs::write(&identity, &key.private).unwrap();
        std::fs::set_permissions(&identity, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(d.join("client_known_hosts"), self.known_hosts()).unwrap();
        let port = free_port();
        let child = Command::new(ssh)
            .args(["-N", "-D", &format!("127.0.0.1:{port}"), "-i"])
            .arg(&identity)
            .arg("-o")
            .arg(format!(
                "UserKnownHostsFile={}",
                d.join("client_known_hosts").display()
            ))
            .args([
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "BatchMode=yes",
                "-F",
                "none",
            ])
            .args(["-p", &self.port.to_string()])
            .arg(format!("{}@127.0.0.1", self.user))
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let processes = Processes(vec![child]);
        wait_listening(port).await;
        Some(SocksProxy {
            address: format!("socks5://127.0.0.1:{port}"),
            _processes: processes,
        })
    }

    /// Lets `key` log in (sshd reads the file on every attempt).
    pub fn authorize(&self, key: &ClientKey) {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(self.dir.path().join("authorized_keys"))
            .unwrap();
        writeln!(file, "{}", key.public).unwrap();
    }
}
