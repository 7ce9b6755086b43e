//! Signature verification of Git commits and tags (`spec.verify`). The signed
//! payload is cut out of the raw object exactly as git does ([`SignedObject`]),
//! then checked against the trusted keys of the verification Secret
//! ([`TrustedKeys`]): OpenPGP key rings or SSH authorized keys, chosen by the
//! kind of signature the object carries. Pure functions: no I/O here.

mod keys;
mod object;
mod openpgp;
mod ssh;
mod validity;

pub use keys::TrustedKeys;
pub use object::{ObjectKind, SignatureFormat, SignedObject, tag_name};

/// Secret data key suffix of ASCII-armored OpenPGP public keys.
pub const PGP_KEY_SUFFIX: &str = ".asc";
/// Secret data key suffix of SSH public keys in `authorized_keys` format.
pub const SSH_KEY_SUFFIX: &str = ".sshpub";
/// The sshsig namespace git signs commits and tags in.
pub const SSH_NAMESPACE: &str = "git";

/// A signature could not be verified. The texts follow Flux's, so that the
/// condition messages read the same; none contains key material.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The object carries no signature, or one of a kind that is not supported.
    #[error("unsupported signature type: {0}")]
    Unsupported(SignatureFormat),
    /// An OpenPGP signature, but the Secret has no OpenPGP keys.
    #[error(
        "PGP signature detected but no PGP public keys found in secret (keys with {PGP_KEY_SUFFIX} suffix)"
    )]
    NoPgpKeys,
    /// An SSH signature, but the Secret has no SSH keys.
    #[error(
        "SSH signature detected but no SSH public keys found in secret (keys with {SSH_KEY_SUFFIX} suffix)"
    )]
    NoSshKeys,
    /// The OpenPGP signature block cannot be parsed.
    #[error("unable to verify Git {kind}: unable to read openPGP signature")]
    PgpSignature {
        /// What was verified.
        kind: ObjectKind,
        /// The parser's complaint.
        #[source]
        source: pgp::errors::Error,
    },
    /// No value of the Secret holds a readable OpenPGP key ring.
    #[error("unable to verify Git {kind}: unable to read armored key ring")]
    PgpKeyRing {
        /// What was verified.
        kind: ObjectKind,
        /// The parser's complaint about the first unreadable key ring.
        #[source]
        source: pgp::errors::Error,
    },
    /// No trusted OpenPGP key made the signature.
    #[error(
        "unable to verify Git {kind}: unable to verify payload with any of the given key rings: no matching key"
    )]
    PgpNoMatchingKey {
        /// What was verified.
        kind: ObjectKind,
    },
    /// The SSH signature block cannot be parsed.
    #[error("unable to verify Git {kind} SSH signature: unable to unarmor SSH signature")]
    SshSignature {
        /// What was verified.
        kind: ObjectKind,
        /// The parser's complaint.
        #[source]
        source: ssh_key::Error,
    },
    /// No value of the Secret holds readable authorized keys.
    #[error("unable to verify Git {kind} SSH signature: unable to parse authorized keys")]
    SshAuthorizedKeys {
        /// What was verified.
        kind: ObjectKind,
        /// The parser's complaint about the first unreadable value.
        #[source]
        source: ssh_key::Error,
    },
    /// No trusted SSH key made the signature (or it is not in the `git` namespace).
    #[error(
        "unable to verify Git {kind} SSH signature: unable to verify payload with any of the given authorized keys: no matching key"
    )]
    SshNoMatchingKey {
        /// What was verified.
        kind: ObjectKind,
    },
}

#[cfg(test)]
mod tests;
