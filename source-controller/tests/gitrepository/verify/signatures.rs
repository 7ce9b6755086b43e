//! The signature checks themselves, on objects git signed with gpg and SSH keys:
//! the payload is what git signed, tampering with payload or signature fails,
//! malformed keys are errors (never panics), subkeys and key bundles work.

use oxbow_git::verify::{SignedObject, TrustedKeys, VerifyError};

use crate::support::fixture::{GitRoot, Repo};
use crate::support::signing::{GpgKey, SshKey, signed_commit, signed_tag};

fn keys(entries: &[(&str, &str)]) -> TrustedKeys {
    TrustedKeys::from_secret(entries.iter().map(|(k, v)| (*k, v.as_bytes())))
}

/// A commit `payload` carrying `signature`.
fn commit_object(payload: Vec<u8>, signature: String) -> SignedObject {
    SignedObject {
        kind: oxbow_git::verify::ObjectKind::Commit,
        signature,
        payload,
    }
}

fn raw(repo: &Repo, kind: &str, id: &str) -> Vec<u8> {
    let out = std::process::Command::new("git")
        .args(["cat-file", kind, id])
        .current_dir(&repo.bare)
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

/// A signature with one armor character changed in the middle of any line that
/// is signed data must fail, never panic. Not changed: OpenPGP's first data line
/// (mostly the unhashed issuer subpacket, which no signature covers, so gpg
/// accepts changes there too) and the armor checksum line.
fn assert_tampered_signatures_fail(object: &SignedObject, keys: &TrustedKeys) {
    let lines: Vec<&str> = object.signature.lines().collect();
    let pgp = object.signature.starts_with("-----BEGIN PGP");
    let data = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty() && !l.starts_with("-----") && !l.starts_with('='))
        .skip(usize::from(pgp))
        .map(|(index, _)| index);
    let mut changed_any = false;
    for index in data {
        let mut changed = lines[index].as_bytes().to_vec();
        let at = changed.len() / 2;
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        let mut tampered = lines.clone();
        tampered[index] = &changed;
        let mut copy = object.clone();
        copy.signature = tampered.join("\n");
        assert!(
            keys.verify(&copy).is_err(),
            "line {index} changed still verifies"
        );
        changed_any = true;
    }
    assert!(changed_any, "no signature line to tamper with");
}

#[test]
fn the_commit_payload_is_what_git_signed_and_tampering_fails() {
    let Some(gpg) = GpgKey::generate("author") else {
        return;
    };
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let id = signed_commit(&repo, &gpg, &[("a.yaml", "1")]);
    let object = SignedObject::commit(&raw(&repo, "commit", &id));

    // libgit2 agrees on what was signed (it drops the signature's final newline,
    // git keeps it; armor parsers accept both).
    let git = git2::Repository::open_bare(&repo.bare).unwrap();
    let (signature, payload) = git
        .extract_signature(&git2::Oid::from_str(&id).unwrap(), None)
        .unwrap();
    assert_eq!(object.signature.trim_end().as_bytes(), &*signature);
    assert_eq!(object.payload, &*payload);

    let trusted = keys(&[("author.asc", &gpg.public())]);
    assert_eq!(trusted.verify(&object).unwrap(), gpg.key_id());

    let mut changed = object.clone();
    let at = changed.payload.len() - 2;
    changed.payload[at] ^= 1;
    assert!(matches!(
        trusted.verify(&changed),
        Err(VerifyError::PgpNoMatchingKey { .. })
    ));
    assert_tampered_signatures_fail(&object, &trusted);
}

#[test]
fn signed_tags_verify_and_their_message_cannot_be_changed() {
    let (Some(gpg), Some(ssh)) = (GpgKey::generate("tagger"), SshKey::generate("ecdsa")) else {
        return;
    };
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    repo.commit(&[("a.yaml", "1")], "first");
    let by_gpg = SignedObject::tag(&raw(&repo, "tag", &signed_tag(&repo, &gpg, "v1")));
    let by_ssh = SignedObject::tag(&raw(&repo, "tag", &signed_tag(&repo, &ssh, "v2")));
    let trusted = keys(&[("a.asc", &gpg.public()), ("b.sshpub", &ssh.public)]);
    assert_eq!(trusted.verify(&by_gpg).unwrap(), gpg.key_id());
    assert_eq!(trusted.verify(&by_ssh).unwrap(), ssh.fingerprint);
    for object in [&by_gpg, &by_ssh] {
        let mut changed = object.clone();
        changed.payload.extend_from_slice(b"one more line\n");
        assert!(trusted.verify(&changed).is_err());
        assert_tampered_signatures_fail(object, &trusted);
    }
}

#[test]
fn malformed_keys_are_errors_unless_another_value_verifies() {
    let (Some(gpg), Some(ssh)) = (GpgKey::generate("author"), SshKey::generate("ed25519")) else {
        return;
    };
    let payload = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nmessage\n".to_vec();
    let by_gpg = commit_object(payload.clone(), gpg.sign(&payload));
    let by_ssh = SignedObject {
        signature: ssh.sign("git", &payload),
        ..by_gpg.clone()
    };
    let public = gpg.public();

    let err = keys(&[("a.asc", "garbage")]).verify(&by_gpg).unwrap_err();
    assert!(matches!(err, VerifyError::PgpKeyRing { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("unable to verify Git commit: unable to read armored key ring"),
        "{err}"
    );
    let both = keys(&[("a.asc", "garbage"), ("b.asc", &public)]);
    assert_eq!(both.verify(&by_gpg).unwrap(), gpg.key_id());
    let err = keys(&[("a.sshpub", "ssh-ed25519 garbage")])
        .verify(&by_ssh)
        .unwrap_err();
    assert!(
        matches!(err, VerifyError::SshAuthorizedKeys { .. }),
        "{err:?}"
    );

    // Every truncation and many single-byte changes of a real key: errors, never panics.
    for cut in (0..public.len()).step_by(7) {
        let _ = keys(&[("a.asc", &public[..cut])]).verify(&by_gpg);
    }
    let bytes = public.as_bytes();
    for at in (0..bytes.len()).step_by(5) {
        let mut changed = bytes.to_vec();
        changed[at] = changed[at].wrapping_add(1);
        let changed = String::from_utf8_lossy(&changed).into_owned();
        let _ = keys(&[("a.asc", &changed)]).verify(&by_gpg);
    }
    for cut in 0..ssh.public.len() {
        let _ = keys(&[("a.sshpub", &ssh.public[..cut])]).verify(&by_ssh);
    }
}

#[test]
fn key_bundles_and_signing_subkeys_verify_with_the_primary_key_id() {
    let (Some(author), Some(other)) = (GpgKey::generate("author"), GpgKey::generate("other"))
    else {
        return;
    };
    let payload = b"signed payload\n".to_vec();
    let object = |signature: String| SignedObject {
        kind: oxbow_git::verify::ObjectKind::Tag,
        signature,
        payload: payload.clone(),
    };
    // Two exports pasted into one value, the trusted one last.
    let bundle = format!("{}{}", other.public(), author.public());
    let signed = object(author.sign(&payload));
    assert_eq!(
        keys(&[("team.asc", &bundle)]).verify(&signed).unwrap(),
        author.key_id()
    );
    assert!(
        keys(&[("team.asc", &other.public())])
            .verify(&signed)
            .is_err()
    );

    author.add_signing_subkey();
    let by_subkey = object(author.sign(&payload));
    let subkey = author.fingerprints().pop().unwrap();
    assert_ne!(subkey, author.fingerprint);
    assert_eq!(
        keys(&[("author.asc", &author.public())])
            .verify(&by_subkey)
            .unwrap(),
        author.key_id()
    );
}

#[test]
fn a_revoked_key_verifies_nothing() {
    let Some(author) = GpgKey::generate("author") else {
        return;
    };
    let payload = b"signed payload\n".to_vec();
    let signed = commit_object(payload.clone(), author.sign(&payload));
    assert!(keys(&[("a.asc", &author.public())]).verify(&signed).is_ok());
    author.revoke();
    let err = keys(&[("a.asc", &author.public())])
        .verify(&signed)
        .unwrap_err();
    assert!(
        matches!(err, VerifyError::PgpNoMatchingKey { .. }),
        "{err:?}"
    );
}

#[test]
fn an_expired_key_verifies_nothing() {
    let payload = b"signed payload\n".to_vec();
    let Some((expired, signature)) = GpgKey::expired_with_signature("old", &payload) else {
        return;
    };
    let signed = commit_object(payload, signature);
    let err = keys(&[("a.asc", &expired.public())])
        .verify(&signed)
        .unwrap_err();
    assert!(
        matches!(err, VerifyError::PgpNoMatchingKey { .. }),
        "{err:?}"
    );
}

#[test]
fn ssh_signatures_must_be_made_for_git() {
    let Some(rsa) = SshKey::generate("rsa") else {
        return;
    };
    let payload = b"signed payload\n".to_vec();
    let trusted = keys(&[("rsa.sshpub", &rsa.public)]);
    let object = |namespace: &str| commit_object(payload.clone(), rsa.sign(namespace, &payload));
    assert_eq!(trusted.verify(&object("git")).unwrap(), rsa.fingerprint);
    let err = trusted.verify(&object("file")).unwrap_err();
    assert!(
        matches!(err, VerifyError::SshNoMatchingKey { .. }),
        "{err:?}"
    );
}
