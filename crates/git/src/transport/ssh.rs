//! `ssh://[user@]host[:port]/path`: one SSH connection per operation (russh on
//! aws-lc-rs), public-key auth with the Secret's `identity`, the host key checked
//! against its `known_hosts`, then `git-upload-pack '<path>'` in an exec channel
//! carrying the same protocol v0 exchange as `git://`.

mod known_hosts;
mod socks5;

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use russh::client::{self, Handle, Handler};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, Disconnect, Preferred};
use tokio::net::TcpStream;

use super::super::GitError;
use super::super::advertisement::Advertisement;
use super::super::auth::{Credentials, Proxy};
use super::super::negotiate::PackReceiver;
use known_hosts::{KnownHosts, host_name};

/// Flux's user when the URL names none.
const DEFAULT_USER: &str = "git";
/// How much of the remote's stderr is kept for the error message.
const MAX_STDERR: usize = 4096;

/// The SSH transport failed.
#[derive(Debug, thiserror::Error)]
pub enum SshError {
    /// `identity` is not a private key we can read, or `password` does not open it.
    #[error("failed to decode the private key in 'identity' (or its 'password')")]
    InvalidIdentity(#[source] russh::keys::Error),
    /// `known_hosts` has no line we can read.
    #[error("'known_hosts' contains no valid host key line")]
    InvalidKnownHosts,
    /// The TCP connection failed.
    #[error("failed to connect to '{0}'")]
    Connect(String, #[source] std::io::Error),
    /// `known_hosts` lists no key for the host.
    #[error("ssh: handshake failed: knownhosts: key is unknown for host '{0}'")]
    HostKeyUnknown(String),
    /// The host's key differs from every key `known_hosts` lists for it.
    #[error("ssh: handshake failed: knownhosts: key mismatch for host '{0}'")]
    HostKeyMismatch(String),
    /// `known_hosts` revokes the host's key.
    #[error("ssh: handshake failed: knownhosts: key for host '{0}' is revoked")]
    HostKeyRevoked(String),
    /// The server rejected the key.
    #[error("ssh: unable to authenticate as '{0}' with the key in 'identity'")]
    AuthenticationFailed(String),
    /// The SOCKS5 proxy failed or refused.
    #[error("socks5 proxy: {0}")]
    Proxy(&'static str),
    /// The server refused to run the command.
    #[error("ssh: the server refused to run git-upload-pack")]
    ExecRefused,
    /// The SSH protocol failed.
    #[error("ssh: {0}")]
    Protocol(#[from] russh::Error),
}

impl From<SshError> for GitError {
    fn from(error: SshError) -> Self {
        Self::Ssh(error)
    }
}

/// Where and as whom to run upload-pack.
pub(super) struct SshTransport {
    user: String,
    host: String,
    port: u16,
    path: String,
    key: Arc<PrivateKey>,
    known_hosts: Arc<KnownHosts>,
    proxy: Option<Proxy>,
    timeout: Duration,
}

impl std::fmt::Debug for SshTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SshTransport")
            .field("user", &self.user)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("path", &self.path)
            .field("proxy", &self.proxy.is_some())
            .finish_non_exhaustive()
    }
}

impl SshTransport {
    /// Reads `identity`, `password` and `known_hosts` as Flux requires them.
    pub(super) fn new(
        url: &Url,
        credentials: &Credentials,
        timeout: Duration,
    ) -> Result<Self, GitError> {
        let identity = credentials
            .identity
            .as_deref()
            .ok_or(GitError::AuthOptions(
                "invalid 'ssh' auth option: 'identity' is required",
            ))?;
        let known_hosts = credentials
            .known_hosts
            .as_deref()
            .ok_or(GitError::AuthOptions(
                "invalid 'ssh' auth option: 'known_hosts' is required",
            ))?;
        let key = russh::keys::decode_secret_key(
            &String::from_utf8_lossy(identity),
            credentials.password.as_deref(),
        )
        .map_err(SshError::InvalidIdentity)?;
        let user = match url.username() {
            "" => DEFAULT_USER.to_owned(),
            user => percent_decode(user),
        };
        Ok(Self {
            user,
            // IPv6 literals without their URL brackets.
            host: url
                .host_str()
                .unwrap_or_default()
                .trim_matches(['[', ']'])
                .to_owned(),
            port: url.port().unwrap_or(22),
            path: remote_path(&percent_decode(url.path())),
            key: Arc::new(key),
            known_hosts: Arc::new(KnownHosts::parse(known_hosts)?),
            proxy: credentials.proxy.clone(),
            timeout,
        })
    }

    /// Connects, authenticates and starts upload-pack; returns its advertisement
    /// and the open channel.
    pub(super) async fn advertisement(&self) -> Result<(Advertisement, UploadPack), GitError> {
        let mut upload_pack = self.open().await?;
        let adv = upload_pack.advertisement().await?;
        Ok((adv, upload_pack))
    }

    async fn open(&self) -> Result<UploadPack, GitError> {
        let stream = match &self.proxy {
            Some(proxy) => socks5::connect(proxy, &self.host, self.port).await?,
            None => TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| SshError::Connect(format!("{}:{}", self.host, self.port), e))?,
        };
        let _ = stream.set_nodelay(true);
        let name = host_name(&self.host, self.port);
        let algorithms = self.known_hosts.algorithms(&name);
        if algorithms.is_empty() {
            return Err(SshError::HostKeyUnknown(name).into());
        }
        let config = client::Config {
            inactivity_timeout: Some(self.timeout),
            preferred: Preferred {
                key: Cow::Owned(algorithms),
                ..Preferred::DEFAULT
            },
            ..Default::default()
        };
        let check = HostKeyCheck {
            known_hosts: self.known_hosts.clone(),
            name,
        };
        let mut session = client::connect_stream(Arc::new(config), stream, check).await?;
        let hash = if self.key.algorithm().is_rsa() {
            session
                .best_supported_rsa_hash()
                .await
                .map_err(SshError::from)?
                .flatten()
        } else {
            None
        };
        let key = PrivateKeyWithHashAlg::new(self.key.clone(), hash);
        let auth = session
            .authenticate_publickey(self.user.clone(), key)
            .await
            .map_err(SshError::from)?;
        if !auth.success() {
            return Err(SshError::AuthenticationFailed(self.user.clone()).into());
        }
        let channel = session
            .channel_open_session()
            .await
            .map_err(SshError::from)?;
        channel
            .exec(true, format!("git-upload-pack {}", quote(&self.path)))
            .await
            .map_err(SshError::from)?;
        Ok(UploadPack {
            session,
            channel,
            stderr: Vec::new(),
        })
    }
}

/// Checks the server's host key against `known_hosts` during the handshake.
struct HostKeyCheck {
    known_hosts: Arc<KnownHosts>,
    name: String,
}

impl Handler for HostKeyCheck {
    type Error = SshError;

    async fn check_server_key(&mut self, key: &PublicKeyOrCertificate) -> Result<bool, SshError> {
        match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => {
                self.known_hosts.verify(&self.name, key).map(|()| true)
            }
            // Never offered (see `Preferred::host_key_certificates`).
            PublicKeyOrCertificate::Certificate(_) => {
                Err(SshError::HostKeyUnknown(self.name.clone()))
            }
        }
    }
}

/// A running `git-upload-pack` on the server.
pub(super) struct UploadPack {
    session: Handle<HostKeyCheck>,
    channel: russh::Channel<client::Msg>,
    stderr: Vec<u8>,
}

/// What the channel delivered next.
enum Next {
    Stdout(Vec<u8>),
    Ended,
}

impl UploadPack {
    async fn next(&mut self) -> Result<Next, GitError> {
        loop {
            match self.channel.wait().await {
                Some(ChannelMsg::Data { data }) => return Ok(Next::Stdout(data.to_vec())),
                Some(ChannelMsg::ExtendedData { data, .. }) => {
                    let room = MAX_STDERR.saturating_sub(self.stderr.len());
                    self.stderr.extend_from_slice(&data[..data.len().min(room)]);
                }
                Some(ChannelMsg::Failure) => return Err(SshError::ExecRefused.into()),
                Some(ChannelMsg::Eof | ChannelMsg::Close) | None => return Ok(Next::Ended),
                Some(_) => {}
            }
        }
    }

    /// The error for a channel that ended early: what upload-pack said on stderr.
    fn ended_early(&self) -> GitError {
        let stderr = String::from_utf8_lossy(&self.stderr);
        let message = stderr.trim();
        if message.contains("does not appear to be a git repository")
            || message.contains("not a git repository")
        {
            GitError::RepositoryNotFound
        } else if message.is_empty() {
            GitError::Protocol("the server closed the channel before the ref advertisement".into())
        } else {
            GitError::Remote(message.to_owned())
        }
    }

    async fn advertisement(&mut self) -> Result<Advertisement, GitError> {
        let mut buf = Vec::new();
        loop {
            let Next::Stdout(chunk) = self.next().await? else {
                return Err(self.ended_early());
            };
            if let Some(adv) = super::accumulate_advertisement(&mut buf, &chunk)? {
                return Ok(adv);
            }
        }
    }

    /// Ends an ls-remote politely.
    pub(super) async fn hang_up(self) {
        let _ = self.channel.data_bytes(&b"0000"[..]).await;
        let _ = self.channel.eof().await;
        self.close().await;
    }

    async fn close(self) {
        let _ = self
            .session
            .disconnect(Disconnect::ByApplication, "", "en")
            .await;
    }

    /// Sends the request and streams the pack into `file`.
    pub(super) async fn upload_pack(
        mut self,
        body: Vec<u8>,
        mut receiver: PackReceiver,
        file: &mut tokio::fs::File,
    ) -> Result<(), GitError> {
        self.channel
            .data_bytes(body)
            .await
            .map_err(SshError::from)?;
        let mut buf = Vec::new();
        while !receiver.is_done() {
            match self.next().await? {
                Next::Stdout(chunk) => {
                    super::write_chunk(&mut receiver, &chunk, &mut buf, file).await?;
                }
                Next::Ended => break,
            }
        }
        self.close().await;
        Ok(())
    }
}

/// The path upload-pack is asked for: `/~user/repo` and `/~/repo` lose their
/// leading slash, as Git sends them (upload-pack expands `~` itself).
fn remote_path(url_path: &str) -> String {
    match url_path.strip_prefix('/') {
        Some(rest) if rest.starts_with('~') => rest.to_owned(),
        _ => url_path.to_owned(),
    }
}

/// `path` as one single-quoted shell word, as Git sends it.
fn quote(path: &str) -> String {
    format!("'{}'", path.replace('\'', r"'\''"))
}

/// `%XX` escapes of a URL component decoded (invalid escapes kept as written).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_paths_for_the_remote_shell() {
        assert_eq!(quote("/srv/app.git"), "'/srv/app.git'");
        assert_eq!(quote("/it's"), r"'/it'\''s'");
    }

    #[test]
    fn home_relative_paths_keep_their_tilde() {
        assert_eq!(remote_path("/~git/app.git"), "~git/app.git");
        assert_eq!(remote_path("/~/app.git"), "~/app.git");
        assert_eq!(remote_path("/srv/app.git"), "/srv/app.git");
    }

    #[test]
    fn decodes_url_escapes() {
        assert_eq!(percent_decode("/my%20repo.git"), "/my repo.git");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz"), "/%zz");
    }
}
