//! Where upload-pack runs: smart HTTP(S) (reqwest, rustls), the `git://` daemon
//! (a TCP stream) or an SSH exec channel (russh). All speak protocol v0: read the
//! advertisement, send the request, stream the pack into a file. Every call is
//! bounded by the timeout. A local repository (`file://`, only through
//! [`Remote::local`]) is packed by libgit2 instead.

mod daemon;
mod http;
mod local;
mod ssh;

pub use ssh::SshError;

use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;
use tokio::io::AsyncWriteExt;

use super::GitError;
use super::advertisement::{self, Advertisement};
use super::auth::Credentials;
use super::negotiate::{PackReceiver, request};

/// A remote repository and how to reach it.
#[derive(Debug)]
pub struct Remote {
    url: Url,
    timeout: Duration,
    kind: Kind,
    credentials: Credentials,
    recurse_submodules: bool,
}

#[derive(Debug)]
enum Kind {
    Http(http::HttpTransport),
    Daemon,
    Ssh(ssh::SshTransport),
    Local(PathBuf),
}

/// Largest advertisement read from a stream (refs of big monorepos stay far below).
const MAX_ADVERTISEMENT: usize = 32 << 20;

impl Remote {
    /// A remote at `url` (`http`, `https`, `git` or `ssh`) reached with `credentials`,
    /// each network operation bounded by `timeout`.
    pub fn new(url: &str, credentials: &Credentials, timeout: Duration) -> Result<Self, GitError> {
        let parsed = Url::parse(url).map_err(|_| GitError::InvalidUrl(redact(url)))?;
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(GitError::InvalidUrl(redact(url)));
        }
        let kind = match parsed.scheme() {
            "http" | "https" => Kind::Http(http::HttpTransport::new(credentials, timeout)?),
            "git" => Kind::Daemon,
            "ssh" => Kind::Ssh(ssh::SshTransport::new(&parsed, credentials, timeout)?),
            other => return Err(GitError::UnsupportedScheme(other.to_owned())),
        };
        Ok(Self {
            url: parsed,
            timeout,
            kind,
            credentials: credentials.clone(),
            recurse_submodules: false,
        })
    }

    /// The repository at the absolute `path` on this machine (`file://`): never
    /// reached through [`Remote::new`], so a URL from a user cannot read local files.
    pub fn local(path: &Path, timeout: Duration) -> Result<Self, GitError> {
        let shown = path.display().to_string();
        let url = Url::from_file_path(path).map_err(|()| GitError::InvalidUrl(shown))?;
        Ok(Self {
            url,
            timeout,
            kind: Kind::Local(path.to_path_buf()),
            credentials: Credentials::default(),
            recurse_submodules: false,
        })
    }

    /// Also fetches and checks out submodules (`spec.recurseSubmodules`).
    pub fn with_submodules(mut self, recurse: bool) -> Self {
        self.recurse_submodules = recurse;
        self
    }

    /// Whether clones include submodules.
    pub fn recurse_submodules(&self) -> bool {
        self.recurse_submodules
    }

    /// The URL, credentials included.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// A remote at `url` with these credentials and timeout (a submodule's, as Flux
    /// reaches submodules with the parent's credentials).
    pub fn sibling(&self, url: &str) -> Result<Self, GitError> {
        Ok(Self::new(url, &self.credentials, self.timeout)?
            .with_submodules(self.recurse_submodules))
    }

    /// The refs the remote advertises (`git ls-remote`).
    pub async fn ls_remote(&self) -> Result<Advertisement, GitError> {
        let work = async {
            match &self.kind {
                Kind::Http(http) => http.advertisement(&self.url).await,
                Kind::Daemon => {
                    let (adv, stream) = daemon::advertisement(&self.url).await?;
                    daemon::hang_up(stream).await;
                    Ok(adv)
                }
                Kind::Ssh(ssh) => {
                    let (adv, upload_pack) = ssh.advertisement().await?;
                    upload_pack.hang_up().await;
                    Ok(adv)
                }
                Kind::Local(path) => {
                    let path = path.clone();
                    blocking(move || local::advertisement(&path)).await
                }
            }
        };
        tokio::time::timeout(self.timeout, work)
            .await
            .map_err(|_| GitError::Timeout(self.timeout))?
    }

    /// Fetches `wants` (at most `depth` commits deep) and writes the pack to
    /// `pack`, refusing more than `limit` bytes. Returns the advertisement used.
    pub async fn fetch(
        &self,
        wants: &[String],
        depth: Option<u32>,
        pack: &Path,
        limit: u64,
    ) -> Result<Advertisement, GitError> {
        let work = async {
            let mut file = tokio::fs::File::create(pack).await.map_err(GitError::Io)?;
            let adv = match &self.kind {
                Kind::Http(http) => {
                    let adv = http.advertisement(&self.url).await?;
                    let body = request(&adv, wants, depth);
                    let receiver = PackReceiver::new(&adv, limit);
                    http.upload_pack(&self.url, body, receiver, &mut file)
                        .await?;
                    adv
                }
                Kind::Daemon => {
                    let (adv, stream) = daemon::advertisement(&self.url).await?;
                    let body = request(&adv, wants, depth);
                    let receiver = PackReceiver::new(&adv, limit);
                    daemon::upload_pack(stream, body, receiver, &mut file).await?;
                    adv
                }
                Kind::Ssh(ssh) => {
                    let (adv, upload_pack) = ssh.advertisement().await?;
                    let body = request(&adv, wants, depth);
                    let receiver = PackReceiver::new(&adv, limit);
                    upload_pack.upload_pack(body, receiver, &mut file).await?;
                    adv
                }
                Kind::Local(path) => {
                    let (path, wants, out) = (path.clone(), wants.to_vec(), pack.to_path_buf());
                    blocking(move || {
                        local::pack(&path, &wants, depth, &out, limit)?;
                        local::advertisement(&path)
                    })
                    .await?
                }
            };
            file.flush().await.map_err(GitError::Io)?;
            Ok(adv)
        };
        tokio::time::timeout(self.timeout, work)
            .await
            .map_err(|_| GitError::Timeout(self.timeout))?
    }
}

/// Runs libgit2 work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, GitError> + Send + 'static,
) -> Result<T, GitError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| GitError::Io(std::io::Error::other(e)))?
}

/// Appends `chunk` to `buf` and parses the advertisement once complete; refuses
/// data after it (the server waits for our request) and more than the bound.
fn accumulate_advertisement(
    buf: &mut Vec<u8>,
    chunk: &[u8],
) -> Result<Option<Advertisement>, GitError> {
    buf.extend_from_slice(chunk);
    if let Some((adv, used)) = advertisement::parse(buf)? {
        if used != buf.len() {
            return Err(GitError::Protocol(
                "unexpected data after advertisement".into(),
            ));
        }
        return Ok(Some(adv));
    }
    if buf.len() > MAX_ADVERTISEMENT {
        return Err(GitError::TooLarge {
            limit: MAX_ADVERTISEMENT as u64,
        });
    }
    Ok(None)
}

/// Writes what `receiver` extracts from `chunk` to `file`.
async fn write_chunk(
    receiver: &mut PackReceiver,
    chunk: &[u8],
    buf: &mut Vec<u8>,
    file: &mut tokio::fs::File,
) -> Result<(), GitError> {
    buf.clear();
    receiver.feed(chunk, buf)?;
    file.write_all(buf).await.map_err(GitError::Io)
}

/// `url` without user info, for messages.
pub(crate) fn redact(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "<invalid url>".to_owned(),
    }
}
