//! OpenPGP signatures (what `git commit -S` and `git tag -s` make with gpg),
//! checked with rPGP against ASCII-armored key rings. A signature made by a
//! subkey counts when the subkey is bound to its primary key for signing; the
//! identity reported is the primary key's ID, as gpg and Flux report it. Revoked
//! or expired keys and subkeys verify nothing ([`validity`]).

use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
use pgp::packet::SignatureType;
use pgp::types::KeyDetails;

use super::VerifyError;
use super::keys::{Mismatch, first_match};
use super::object::SignedObject;
use super::validity;

const PUBLIC_KEY_BLOCK: &str = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

/// Verifies `object` with the keys of any of `key_rings`.
pub(super) fn verify(object: &SignedObject, key_rings: &[String]) -> Result<String, VerifyError> {
    let kind = object.kind;
    let (signature, _) = DetachedSignature::from_armor_single(object.signature.trim().as_bytes())
        .map_err(|source| VerifyError::PgpSignature { kind, source })?;
    if !matches!(
        signature.signature.typ(),
        Some(SignatureType::Binary | SignatureType::Text)
    ) {
        return Err(VerifyError::PgpNoMatchingKey { kind });
    }
    first_match(key_rings, read_key_ring, |key| {
        signed_by(&signature, key, &object.payload)
            .then(|| hex_upper(key.primary_key.legacy_key_id().as_ref()))
    })
    .map_err(|mismatch| match mismatch {
        Mismatch::Unreadable(source) => VerifyError::PgpKeyRing { kind, source },
        Mismatch::NoMatchingKey => VerifyError::PgpNoMatchingKey { kind },
    })
}

/// Every key of every armored block in `text` (several exports may be pasted
/// into one value). Keys of unsupported algorithms are skipped, unless nothing
/// else is readable.
fn read_key_ring(text: &str) -> Result<Vec<SignedPublicKey>, pgp::errors::Error> {
    let starts: Vec<usize> = text
        .match_indices(PUBLIC_KEY_BLOCK)
        .map(|(at, _)| at)
        .collect();
    // Without any block marker, let the parser say what is wrong with the text.
    let blocks: Vec<&str> = match starts.as_slice() {
        [] => vec![text],
        starts => starts.iter().map(|&at| &text[at..]).collect(),
    };
    let mut keys = Vec::new();
    let mut first_error = None;
    for block in blocks {
        match SignedPublicKey::from_armor_many(block.as_bytes()) {
            Ok((parsed, _)) => {
                for key in parsed {
                    match key {
                        Ok(key) => keys.push(key),
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
            }
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) if keys.is_empty() => Err(error),
        _ => Ok(keys),
    }
}

/// Whether `key` (its primary key or a signing subkey bound to it) made
/// `signature` over `payload`, and is still valid now.
fn signed_by(signature: &DetachedSignature, key: &SignedPublicKey, payload: &[u8]) -> bool {
    let now = validity::now();
    if validity::signature_expired(&signature.signature, now)
        || validity::primary_unusable(key, now)
    {
        return false;
    }
    if signature.verify(&key.primary_key, payload).is_ok() {
        return true;
    }
    key.public_subkeys.iter().any(|subkey| {
        subkey.signatures.iter().any(|b| b.key_flags().sign())
            && subkey.verify_bindings(&key.primary_key).is_ok()
            && !validity::subkey_unusable(key, subkey, now)
            && signature.verify(&subkey.key, payload).is_ok()
    })
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
