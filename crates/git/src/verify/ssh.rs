//! SSH signatures (what git makes with `gpg.format=ssh`, i.e. `ssh-keygen -Y
//! sign -n git`), checked against public keys in `authorized_keys` format. The
//! namespace must be `git`, so a signature made for another purpose never counts.

use ssh_key::{AuthorizedKeys, HashAlg, PublicKey, SshSig};

use super::keys::{Mismatch, first_match};
use super::object::SignedObject;
use super::{SSH_NAMESPACE, VerifyError};

/// Verifies `object` with the keys of any of `authorized_keys`.
pub(super) fn verify(
    object: &SignedObject,
    authorized_keys: &[String],
) -> Result<String, VerifyError> {
    let kind = object.kind;
    let signature = SshSig::from_pem(object.signature.trim())
        .map_err(|source| VerifyError::SshSignature { kind, source })?;
    first_match(authorized_keys, parse, |key| {
        key.verify(SSH_NAMESPACE, &object.payload, &signature)
            .is_ok()
            .then(|| key.fingerprint(HashAlg::Sha256).to_string())
    })
    .map_err(|mismatch| match mismatch {
        Mismatch::Unreadable(source) => VerifyError::SshAuthorizedKeys { kind, source },
        Mismatch::NoMatchingKey => VerifyError::SshNoMatchingKey { kind },
    })
}

/// The keys of an `authorized_keys` text (comments and blank lines skipped).
fn parse(text: &str) -> Result<Vec<PublicKey>, ssh_key::Error> {
    AuthorizedKeys::new(text)
        .map(|entry| entry.map(|e| e.public_key().clone()))
        .collect()
}
