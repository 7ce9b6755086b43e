//! Splitting a raw commit or tag object into its signature and the payload that
//! was signed, the way git does: a commit's signature is the `gpgsig` header
//! (continuation lines unindented), and the payload is the object without any
//! signature header; a tag's signature is appended to its message, from the last
//! line that opens a signature block to the end.

use std::fmt;

/// Header of a commit's signature (SHA-1 repositories).
const SIGNATURE_HEADER: &[u8] = b"gpgsig ";
/// Header of a commit's signature over its SHA-256 form; not ours to check, but
/// never part of the signed payload either.
const OTHER_SIGNATURE_HEADER: &[u8] = b"gpgsig-sha256 ";

/// Lines that open a signature block, as git recognises them.
const SIGNATURE_STARTS: [&[u8]; 4] = [
    b"-----BEGIN PGP SIGNATURE-----",
    b"-----BEGIN PGP MESSAGE-----",
    b"-----BEGIN SSH SIGNATURE-----",
    b"-----BEGIN SIGNED MESSAGE-----",
];

/// Which kind of object was signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    /// A commit (its `gpgsig` header).
    Commit,
    /// An annotated tag (its trailing signature block).
    Tag,
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Commit => "commit",
            Self::Tag => "tag",
        })
    }
}

/// The kind of a signature, told by its armor (named as Flux names them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureFormat {
    /// `-----BEGIN PGP SIGNATURE-----`.
    OpenPgp,
    /// `-----BEGIN SSH SIGNATURE-----`.
    Ssh,
    /// `-----BEGIN SIGNED MESSAGE-----` (S/MIME): not supported.
    X509,
    /// No signature at all.
    Empty,
    /// Anything else.
    Unknown,
}

impl SignatureFormat {
    /// The format of `signature`.
    pub fn of(signature: &str) -> Self {
        let signature = signature.trim();
        if signature.is_empty() {
            Self::Empty
        } else if signature.starts_with("-----BEGIN PGP SIGNATURE-----") {
            Self::OpenPgp
        } else if signature.starts_with("-----BEGIN SSH SIGNATURE-----") {
            Self::Ssh
        } else if signature.starts_with("-----BEGIN SIGNED MESSAGE-----") {
            Self::X509
        } else {
            Self::Unknown
        }
    }
}

impl fmt::Display for SignatureFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OpenPgp => "openpgp",
            Self::Ssh => "ssh",
            Self::X509 => "x509",
            Self::Empty => "empty",
            Self::Unknown => "unknown",
        })
    }
}

/// A commit or tag taken apart for verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedObject {
    /// What the object is.
    pub kind: ObjectKind,
    /// The armored signature; empty when the object is unsigned.
    pub signature: String,
    /// The bytes the signature covers.
    pub payload: Vec<u8>,
}

impl SignedObject {
    /// Splits a raw commit object (without the `commit <size>\0` prefix).
    pub fn commit(raw: &[u8]) -> Self {
        let mut signature = Vec::new();
        let mut payload = Vec::with_capacity(raw.len());
        let mut in_header = true;
        // Where the current header's continuation lines go.
        let mut continuation = Continuation::Payload;
        for line in raw.split_inclusive(|b| *b == b'\n') {
            if !in_header {
                payload.extend_from_slice(line);
                continue;
            }
            if line == b"\n" {
                in_header = false;
                payload.extend_from_slice(line);
                continue;
            }
            if let Some(rest) = line.strip_prefix(b" ") {
                match continuation {
                    Continuation::Signature => signature.extend_from_slice(rest),
                    Continuation::Dropped => {}
                    Continuation::Payload => payload.extend_from_slice(line),
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix(SIGNATURE_HEADER) {
                signature.extend_from_slice(rest);
                continuation = Continuation::Signature;
            } else if line.starts_with(OTHER_SIGNATURE_HEADER) {
                continuation = Continuation::Dropped;
            } else {
                payload.extend_from_slice(line);
                continuation = Continuation::Payload;
            }
        }
        Self {
            kind: ObjectKind::Commit,
            signature: String::from_utf8_lossy(&signature).into_owned(),
            payload,
        }
    }

    /// Splits a raw tag object (without the `tag <size>\0` prefix).
    pub fn tag(raw: &[u8]) -> Self {
        let mut start = raw.len();
        let mut offset = 0;
        for line in raw.split_inclusive(|b| *b == b'\n') {
            if SIGNATURE_STARTS.iter().any(|s| line.starts_with(s)) {
                start = offset;
            }
            offset += line.len();
        }
        let (payload, signature) = raw.split_at(start);
        Self {
            kind: ObjectKind::Tag,
            signature: String::from_utf8_lossy(signature).into_owned(),
            payload: payload.to_vec(),
        }
    }
}

/// The name in a raw tag object's `tag` header.
pub fn tag_name(raw: &[u8]) -> Option<String> {
    raw.split(|b| *b == b'\n')
        .take_while(|line| !line.is_empty())
        .find_map(|line| line.strip_prefix(b"tag "))
        .map(|name| String::from_utf8_lossy(name).into_owned())
}

#[derive(Clone, Copy)]
enum Continuation {
    Payload,
    Signature,
    Dropped,
}
