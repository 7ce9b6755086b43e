//! `sha256:<hex>` digests of files and streams, the format Flux writes in
//! `status.artifact.digest`.

use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::ArtifactError;

/// A writer that hashes and counts what passes through it.
#[derive(Debug)]
pub struct Digester<W> {
    inner: W,
    hasher: Sha256,
    written: u64,
}

impl<W: Write> Digester<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            written: 0,
        }
    }

    /// The bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The wrapped writer and the `sha256:<hex>` digest of what was written.
    pub fn finish(self) -> (W, String) {
        (
            self.inner,
            format!("sha256:{}", hex::encode(self.hasher.finalize())),
        )
    }
}

impl<W: Write> Write for Digester<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The `sha256:<hex>` digest of `bytes`.
pub fn sha256_digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// The `sha256:<hex>` digest and size of the file at `path`.
pub fn digest_file(path: &Path) -> Result<(String, u64), ArtifactError> {
    let mut file = std::fs::File::open(path).map_err(ArtifactError::io("open", path))?;
    let mut digester = Digester::new(io::sink());
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(ArtifactError::io("read", path))?;
        if n == 0 {
            break;
        }
        digester
            .write_all(&buf[..n])
            .map_err(ArtifactError::io("read", path))?;
    }
    let size = digester.written();
    Ok((digester.finish().1, size))
}
