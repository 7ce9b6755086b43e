//! Signing keys for the verification tests, made with the real tools: gpg
//! (batch key generation in a private GNUPGHOME) and ssh-keygen. git signs with
//! them (`commit -S`, `tag -s`; `gpg.format=ssh` for SSH keys) through `-c`
//! options, so the fixture repositories need no signing configuration.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::fixture::Repo;
use super::require;

/// When [`GpgKey::expired_with_signature`] makes its key, and signs with it.
const FAKED_BIRTH: &str = "20200101T000000";
const FAKED_SIGNING: &str = "20200101T120000";

/// Runs `program` with `args`, feeding `input`; returns stdout, failing the test on error.
pub fn run(program: &str, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.unwrap_or_default()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Something git can sign with.
pub trait Signer {
    /// The `git -c` options that make git sign with this key.
    fn git_options(&self) -> Vec<String>;
}

/// An OpenPGP key in its own GNUPGHOME.
pub struct GpgKey {
    home: tempfile::TempDir,
    program: PathBuf,
    /// The primary key's fingerprint.
    pub fingerprint: String,
}

impl GpgKey {
    /// A new ed25519 signing key for `name`, or `None` when gpg is missing (outside CI).
    pub fn generate(name: &str) -> Option<Self> {
        Self::generate_at(name, None, "never")
    }

    /// A key made on 2020-01-01 that expired a day later, and its signature of
    /// `data` made while it was valid.
    pub fn expired_with_signature(name: &str, data: &[u8]) -> Option<(Self, String)> {
        let key = Self::generate_at(name, Some(FAKED_BIRTH), "1d")?;
        let signature = key.sign_at(data, &["--faked-system-time", FAKED_SIGNING]);
        Some((key, signature))
    }

    fn generate_at(name: &str, faked_time: Option<&str>, expire: &str) -> Option<Self> {
        require("gpg")?;
        let home = tempfile::Builder::new().prefix("gpg").tempdir().unwrap();
        std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        // git runs `gpg.program` with gpg's own arguments: this wrapper adds the home.
        let program = home.path().join("gpg-for-git");
        std::fs::write(
            &program,
            format!(
                "#!/bin/sh\nexec gpg --homedir '{}' \"$@\"\n",
                home.path().display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut key = Self {
            home,
            program,
            fingerprint: String::new(),
        };
        let uid = format!("{name} <{name}@example.com>");
        let mut args = Vec::new();
        if let Some(time) = faked_time {
            args.extend(["--faked-system-time", time]);
        }
        args.extend([
            "--passphrase",
            "",
            "--quick-gen-key",
            &uid,
            "ed25519",
            "sign",
            expire,
        ]);
        key.gpg(&args);
        key.fingerprint = key.fingerprints().remove(0);
        Some(key)
    }

    /// Runs gpg in this key's home (batch mode, no passphrase prompts).
    pub fn gpg(&self, args: &[&str]) -> String {
        let home = self.home.path().to_str().unwrap();
        let mut all = vec!["--homedir", home, "--batch", "--pinentry-mode", "loopback"];
        all.extend_from_slice(args);
        String::from_utf8(run("gpg", &all, None)).unwrap()
    }

    /// Fingerprints of the primary key and its subkeys, in order.
    pub fn fingerprints(&self) -> Vec<String> {
        self.gpg(&["--with-colons", "--list-keys"])
            .lines()
            .filter_map(|l| l.strip_prefix("fpr:"))
            .map(|l| l.trim_matches(':').to_owned())
            .collect()
    }

    /// The key ID gpg (and Flux) report: the primary fingerprint's last 16 digits.
    pub fn key_id(&self) -> String {
        self.fingerprint[self.fingerprint.len() - 16..].to_owned()
    }

    /// The ASCII-armored public key (what `gpg --export --armor` writes).
    pub fn public(&self) -> String {
        self.gpg(&["--armor", "--export", &self.fingerprint])
    }

    /// Adds a signing subkey; gpg signs with it from now on.
    pub fn add_signing_subkey(&self) {
        self.gpg(&[
            "--passphrase",
            "",
            "--quick-add-key",
            &self.fingerprint,
            "ed25519",
            "sign",
            "never",
        ]);
    }

    /// Revokes the key with the certificate gpg wrote when it made the key
    /// (its armor line is escaped with `:` against accidental import).
    pub fn revoke(&self) {
        let certificate = self
            .home()
            .join("openpgp-revocs.d")
            .join(format!("{}.rev", self.fingerprint));
        let text = std::fs::read_to_string(certificate).unwrap();
        let text = text.replace(
            ":-----BEGIN PGP PUBLIC KEY BLOCK-----",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----",
        );
        let file = self.home().join("revocation.asc");
        std::fs::write(&file, text).unwrap();
        self.gpg(&["--import", file.to_str().unwrap()]);
    }

    /// A detached armored signature of `data`.
    pub fn sign(&self, data: &[u8]) -> String {
        self.sign_at(data, &[])
    }

    fn sign_at(&self, data: &[u8], options: &[&str]) -> String {
        let home = self.home.path().to_str().unwrap();
        let mut args = vec!["--homedir", home, "--batch"];
        args.extend_from_slice(options);
        args.extend(["--armor", "--detach-sign", "-u", &self.fingerprint]);
        String::from_utf8(run("gpg", &args, Some(data))).unwrap()
    }

    fn home(&self) -> &Path {
        self.home.path()
    }
}

impl Signer for GpgKey {
    fn git_options(&self) -> Vec<String> {
        vec![
            "-c".into(),
            format!("gpg.program={}", self.program.display()),
            "-c".into(),
            format!("user.signingkey={}", self.fingerprint),
        ]
    }
}

impl Drop for GpgKey {
    fn drop(&mut self) {
        // The agent gpg started for signing would outlive the test otherwise.
        let _ = Command::new("gpgconf")
            .args(["--homedir", self.home().to_str().unwrap_or_default()])
            .args(["--kill", "gpg-agent"])
            .status();
    }
}

/// An SSH key pair on disk.
pub struct SshKey {
    _dir: tempfile::TempDir,
    /// The private key file.
    pub path: PathBuf,
    /// The public key line (`authorized_keys` format).
    pub public: String,
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
}

impl SshKey {
    /// A new key of `kind` (`ed25519`, `ecdsa`, `rsa`), or `None` when ssh-keygen is missing.
    pub fn generate(kind: &str) -> Option<Self> {
        require("ssh-keygen")?;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let file = path.to_str().unwrap();
        run(
            "ssh-keygen",
            &["-q", "-t", kind, "-N", "", "-C", "signer", "-f", file],
            None,
        );
        let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
        let listed = run("ssh-keygen", &["-l", "-E", "sha256", "-f", file], None);
        let fingerprint = String::from_utf8(listed)
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_owned();
        Some(Self {
            _dir: dir,
            path,
            public,
            fingerprint,
        })
    }

    /// An armored sshsig signature of `data` in `namespace`.
    pub fn sign(&self, namespace: &str, data: &[u8]) -> String {
        let file = self.path.to_str().unwrap();
        let args = ["-Y", "sign", "-q", "-f", file, "-n", namespace];
        String::from_utf8(run("ssh-keygen", &args, Some(data))).unwrap()
    }
}

impl Signer for SshKey {
    fn git_options(&self) -> Vec<String> {
        vec![
            "-c".into(),
            "gpg.format=ssh".into(),
            "-c".into(),
            format!("user.signingkey={}", self.path.display()),
        ]
    }
}

/// Commits `files` signed by `signer` and pushes; returns the commit id.
pub fn signed_commit(repo: &Repo, signer: &dyn Signer, files: &[(&str, &str)]) -> String {
    for (path, content) in files {
        std::fs::write(repo.work().join(path), content).unwrap();
    }
    repo.git(&["add", "-A"]);
    let mut args = signer.git_options();
    args.extend(["commit", "-q", "-S", "--allow-empty", "-m", "signed"].map(String::from));
    repo.git(&args.iter().map(String::as_str).collect::<Vec<_>>());
    repo.git(&["push", "-q", "--all", "origin"]);
    repo.git(&["rev-parse", "HEAD"])
}

/// Creates a signed annotated tag at HEAD and pushes it; returns the tag object id.
pub fn signed_tag(repo: &Repo, signer: &dyn Signer, tag: &str) -> String {
    let mut args = signer.git_options();
    args.extend(["tag", "-s", tag, "-m", tag].map(String::from));
    repo.git(&args.iter().map(String::as_str).collect::<Vec<_>>());
    repo.git(&["push", "-q", "origin", tag]);
    repo.git(&["rev-parse", tag])
}
