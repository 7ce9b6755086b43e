//! Whether an OpenPGP key, subkey or signature is still valid now, as Flux's
//! go-crypto judges it: a key whose newest self-signature sets an expiration
//! time that has passed, or a signature past its own expiration, verifies
//! nothing. Revocations: any valid one takes the key out (stricter than gpg,
//! which lets a key retired later vouch for older signatures).

use pgp::composed::{SignedPublicKey, SignedPublicSubKey};
use pgp::packet::{Signature, SignatureType};
use pgp::types::{KeyDetails, Tag, Timestamp};

/// Seconds since the epoch, now.
pub(super) fn now() -> u64 {
    u64::from(Timestamp::now().as_secs())
}

/// Whether `key`'s primary key is revoked or expired at `now`.
pub(super) fn primary_unusable(key: &SignedPublicKey, now: u64) -> bool {
    let primary = &key.primary_key;
    let revoked = key
        .details
        .revocation_signatures
        .iter()
        .any(|r| r.verify_key(primary).is_ok());
    let self_signatures = key
        .details
        .users
        .iter()
        .flat_map(|user| {
            user.signatures.iter().filter(|s| {
                s.verify_certification(primary, Tag::UserId, &user.id)
                    .is_ok()
            })
        })
        .chain(
            key.details
                .direct_signatures
                .iter()
                .filter(|s| s.verify_key(primary).is_ok()),
        );
    revoked || expired(newest(self_signatures), primary.created_at(), now)
}

/// Whether `subkey` of `key` is revoked or expired at `now`.
pub(super) fn subkey_unusable(
    key: &SignedPublicKey,
    subkey: &SignedPublicSubKey,
    now: u64,
) -> bool {
    let primary = &key.primary_key;
    let valid = |s: &&Signature| s.verify_subkey_binding(primary, &subkey.key).is_ok();
    let revoked = subkey
        .signatures
        .iter()
        .filter(valid)
        .any(|s| s.typ() == Some(SignatureType::SubkeyRevocation));
    let bindings = subkey
        .signatures
        .iter()
        .filter(valid)
        .filter(|s| s.typ() == Some(SignatureType::SubkeyBinding));
    revoked || expired(newest(bindings), subkey.key.created_at(), now)
}

/// Whether `signature` itself has expired at `now`.
pub(super) fn signature_expired(signature: &Signature, now: u64) -> bool {
    match (signature.created(), signature.signature_expiration_time()) {
        (Some(created), Some(lifetime)) => past(created, lifetime.as_secs(), now),
        _ => false,
    }
}

fn newest<'a>(signatures: impl Iterator<Item = &'a Signature>) -> Option<&'a Signature> {
    signatures.max_by_key(|s| s.created().map(Timestamp::as_secs))
}

/// Whether the key created at `created` has expired by `now` under the
/// expiration time of `self_signature` (none or zero: it never expires).
fn expired(self_signature: Option<&Signature>, created: Timestamp, now: u64) -> bool {
    self_signature
        .and_then(Signature::key_expiration_time)
        .is_some_and(|lifetime| past(created, lifetime.as_secs(), now))
}

fn past(start: Timestamp, lifetime: u32, now: u64) -> bool {
    lifetime != 0 && u64::from(start.as_secs()) + u64::from(lifetime) <= now
}
