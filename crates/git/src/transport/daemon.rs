//! `git://`: one TCP connection per operation to a git daemon (port 9418).

use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::super::GitError;
use super::super::advertisement::Advertisement;
use super::super::negotiate::PackReceiver;
use super::super::pktline::{encode, flush};

/// Connects, asks for upload-pack and reads the advertisement; returns it and the
/// open stream (with any bytes read past it left unread by the protocol: none).
pub(super) async fn advertisement(url: &Url) -> Result<(Advertisement, TcpStream), GitError> {
    // The URL's host keeps an IPv6 literal's brackets, as git sends it in `host=`;
    // connecting needs the bare address.
    let host = url.host_str().unwrap_or_default();
    let port = url.port().unwrap_or(9418);
    let mut stream = TcpStream::connect((host.trim_matches(['[', ']']), port))
        .await
        .map_err(GitError::Connect)?;
    let mut hello = Vec::new();
    encode(
        &mut hello,
        format!("git-upload-pack {}\0host={host}:{port}\0", url.path()).as_bytes(),
    );
    stream.write_all(&hello).await.map_err(GitError::Connect)?;
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut chunk).await.map_err(GitError::Connect)?;
        if n == 0 {
            // The daemon hangs up without a word when the repository is not exported.
            return Err(GitError::RepositoryNotFound);
        }
        if let Some(adv) = super::accumulate_advertisement(&mut buf, &chunk[..n])? {
            return Ok((adv, stream));
        }
    }
}

/// Ends an ls-remote politely.
pub(super) async fn hang_up(mut stream: TcpStream) {
    let mut bye = Vec::new();
    flush(&mut bye);
    let _ = stream.write_all(&bye).await;
}

pub(super) async fn upload_pack(
    mut stream: TcpStream,
    body: Vec<u8>,
    mut receiver: PackReceiver,
    file: &mut tokio::fs::File,
) -> Result<(), GitError> {
    stream.write_all(&body).await.map_err(GitError::Connect)?;
    let mut chunk = vec![0u8; 64 * 1024];
    let mut buf = Vec::new();
    while !receiver.is_done() {
        let n = stream.read(&mut chunk).await.map_err(GitError::Connect)?;
        if n == 0 {
            break;
        }
        super::write_chunk(&mut receiver, &chunk[..n], &mut buf, file).await?;
    }
    Ok(())
}
