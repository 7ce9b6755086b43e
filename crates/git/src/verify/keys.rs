//! The trusted keys of a verification Secret, sorted by kind as Flux sorts them:
//! `*.sshpub` values are SSH authorized keys, `*.asc` values and (for backward
//! compatibility) values under any other key are OpenPGP key rings.

use super::object::{SignatureFormat, SignedObject};
use super::{SSH_KEY_SUFFIX, VerifyError, openpgp, ssh};

/// Public keys allowed to sign.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedKeys {
    key_rings: Vec<String>,
    authorized_keys: Vec<String>,
}

impl TrustedKeys {
    /// The keys in a Secret's data (key, value).
    pub fn from_secret<'a>(data: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let mut keys = Self::default();
        for (name, value) in data {
            let value = String::from_utf8_lossy(value).into_owned();
            if name.ends_with(SSH_KEY_SUFFIX) {
                keys.authorized_keys.push(value);
            } else {
                keys.key_rings.push(value);
            }
        }
        keys
    }

    /// Verifies `object`'s signature; returns the identity of the key that made
    /// it: the OpenPGP (primary) key ID or the SSH key's SHA256 fingerprint.
    pub fn verify(&self, object: &SignedObject) -> Result<String, VerifyError> {
        match SignatureFormat::of(&object.signature) {
            SignatureFormat::OpenPgp if self.key_rings.is_empty() => Err(VerifyError::NoPgpKeys),
            SignatureFormat::OpenPgp => openpgp::verify(object, &self.key_rings),
            SignatureFormat::Ssh if self.authorized_keys.is_empty() => Err(VerifyError::NoSshKeys),
            SignatureFormat::Ssh => ssh::verify(object, &self.authorized_keys),
            other => Err(VerifyError::Unsupported(other)),
        }
    }
}

/// Why no value of the Secret verified a signature.
pub(super) enum Mismatch<E> {
    /// Not one value could be parsed; the first parse error.
    Unreadable(E),
    /// Some values were readable, but no key in them made the signature.
    NoMatchingKey,
}

/// The identity `verifies` returns for the first key, in the first readable value
/// that holds one, for which it returns any. A malformed value is reported only
/// when none is readable, so that one bad value does not hide a readable one whose
/// keys do not match (Flux's rule).
pub(super) fn first_match<K, E>(
    values: &[String],
    parse: impl Fn(&str) -> Result<Vec<K>, E>,
    verifies: impl Fn(&K) -> Option<String>,
) -> Result<String, Mismatch<E>> {
    let mut unreadable = None;
    let mut read_any = false;
    for value in values {
        match parse(value) {
            Ok(keys) => {
                read_any = true;
                if let Some(identity) = keys.iter().find_map(&verifies) {
                    return Ok(identity);
                }
            }
            Err(error) => {
                unreadable.get_or_insert(error);
            }
        }
    }
    match unreadable {
        Some(error) if !read_any => Err(Mismatch::Unreadable(error)),
        _ => Err(Mismatch::NoMatchingKey),
    }
}
