//! Object splitting, format detection, key sorting and garbage input. Checks of
//! real signatures (made with gpg, ssh-keygen and git) live in the integration
//! tests (`tests/gitrepository/verify`).

use super::*;

const TREE: &str = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
const PEOPLE: &str = "author A <a@example.com> 1700000000 +0000\n\
                      committer A <a@example.com> 1700000000 +0000\n";

fn pgp_armor(body: &str) -> String {
    format!("-----BEGIN PGP SIGNATURE-----\n\n{body}\n-----END PGP SIGNATURE-----\n")
}

fn ssh_armor(body: &str) -> String {
    format!("-----BEGIN SSH SIGNATURE-----\n{body}\n-----END SSH SIGNATURE-----\n")
}

fn object(kind: ObjectKind, signature: &str) -> SignedObject {
    SignedObject {
        kind,
        signature: signature.to_owned(),
        payload: b"payload\n".to_vec(),
    }
}

fn keys(entries: &[(&str, &str)]) -> TrustedKeys {
    TrustedKeys::from_secret(entries.iter().map(|(k, v)| (*k, v.as_bytes())))
}

/// A deterministic byte stream (xorshift), so failures reproduce.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn commit_signature_is_the_gpgsig_header_and_the_payload_the_rest() {
    let raw = format!(
        "{TREE}{PEOPLE}gpgsig -----BEGIN PGP SIGNATURE-----\n \n wsBcBAAB\n -----END PGP SIGNATURE-----\n\nsubject\n\nbody\n"
    );
    let signed = SignedObject::commit(raw.as_bytes());
    assert_eq!(signed.kind, ObjectKind::Commit);
    assert_eq!(
        signed.signature,
        "-----BEGIN PGP SIGNATURE-----\n\nwsBcBAAB\n-----END PGP SIGNATURE-----\n"
    );
    assert_eq!(
        String::from_utf8(signed.payload).unwrap(),
        format!("{TREE}{PEOPLE}\nsubject\n\nbody\n")
    );
}

#[test]
fn commit_payload_keeps_other_multiline_headers_and_drops_the_sha256_signature() {
    let raw = format!(
        "{TREE}parent 1111111111111111111111111111111111111111\n{PEOPLE}\
         mergetag object 2222222222222222222222222222222222222222\n type commit\n tag v1\n\
         gpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n other\n -----END SSH SIGNATURE-----\n\
         gpgsig -----BEGIN SSH SIGNATURE-----\n mine\n -----END SSH SIGNATURE-----\n\
         encoding ISO-8859-1\n\nmessage\n"
    );
    let signed = SignedObject::commit(raw.as_bytes());
    assert_eq!(
        signed.signature,
        "-----BEGIN SSH SIGNATURE-----\nmine\n-----END SSH SIGNATURE-----\n"
    );
    assert_eq!(
        String::from_utf8(signed.payload).unwrap(),
        format!(
            "{TREE}parent 1111111111111111111111111111111111111111\n{PEOPLE}\
             mergetag object 2222222222222222222222222222222222222222\n type commit\n tag v1\n\
             encoding ISO-8859-1\n\nmessage\n"
        )
    );
}

#[test]
fn a_gpgsig_line_in_the_commit_message_is_message() {
    let raw = format!("{TREE}{PEOPLE}\ngpgsig -----BEGIN PGP SIGNATURE-----\n fake\n");
    let signed = SignedObject::commit(raw.as_bytes());
    assert_eq!(signed.signature, "");
    assert_eq!(signed.payload, raw.as_bytes());
    assert_eq!(
        SignatureFormat::of(&signed.signature),
        SignatureFormat::Empty
    );
}

#[test]
fn tag_signature_starts_at_the_last_signature_line() {
    let head = "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1.0.0\n\
                tagger A <a@example.com> 1700000000 +0000\n\n\
                release notes quoting\n-----BEGIN PGP SIGNATURE-----\nis not the end\n";
    let signature = pgp_armor("wsBcBAAB");
    let raw = format!("{head}{signature}");
    let signed = SignedObject::tag(raw.as_bytes());
    assert_eq!(signed.kind, ObjectKind::Tag);
    assert_eq!(signed.signature, signature);
    assert_eq!(signed.payload, head.as_bytes());
    assert_eq!(tag_name(raw.as_bytes()).as_deref(), Some("v1.0.0"));

    let ssh = format!("{head}{}", ssh_armor("U1NIU0lH"));
    assert_eq!(SignedObject::tag(ssh.as_bytes()).payload, head.as_bytes());

    let unsigned = SignedObject::tag(b"object 1\ntype commit\ntag v2\n\nplain\n");
    assert_eq!(unsigned.signature, "");
    assert_eq!(
        unsigned.payload,
        b"object 1\ntype commit\ntag v2\n\nplain\n"
    );
}

#[test]
fn tag_name_is_read_from_the_header_only() {
    assert_eq!(tag_name(b"object 1\ntype commit\n\ntag fake\n"), None);
    assert_eq!(tag_name(b""), None);
}

#[test]
fn signature_formats_are_told_by_their_armor() {
    for (text, format, name) in [
        (pgp_armor("x"), SignatureFormat::OpenPgp, "openpgp"),
        (
            format!("\n  {}", ssh_armor("x")),
            SignatureFormat::Ssh,
            "ssh",
        ),
        (
            "-----BEGIN SIGNED MESSAGE-----\nx\n".to_owned(),
            SignatureFormat::X509,
            "x509",
        ),
        (" \n".to_owned(), SignatureFormat::Empty, "empty"),
        (
            "-----BEGIN PGP MESSAGE-----\n".to_owned(),
            SignatureFormat::Unknown,
            "unknown",
        ),
    ] {
        assert_eq!(SignatureFormat::of(&text), format);
        assert_eq!(format.to_string(), name);
    }
}

#[test]
fn unsigned_and_unsupported_objects_fail_with_flux_messages() {
    let keys = keys(&[("a.asc", "x"), ("b.sshpub", "y")]);
    let err = keys.verify(&object(ObjectKind::Commit, "")).unwrap_err();
    assert_eq!(err.to_string(), "unsupported signature type: empty");
    let err = keys
        .verify(&object(ObjectKind::Tag, "-----BEGIN SIGNED MESSAGE-----\n"))
        .unwrap_err();
    assert_eq!(err.to_string(), "unsupported signature type: x509");
}

#[test]
fn keys_are_sorted_by_suffix_and_unsuffixed_values_are_pgp_key_rings() {
    let pgp_only = keys(&[("author.asc", "x"), ("legacy", "y")]);
    let err = pgp_only
        .verify(&object(ObjectKind::Commit, &ssh_armor("AAAA")))
        .unwrap_err();
    assert!(matches!(err, VerifyError::NoSshKeys), "{err}");
    assert!(err.to_string().contains(".sshpub"), "{err}");

    let ssh_only = keys(&[("author.sshpub", "ssh-ed25519 AAAA")]);
    let err = ssh_only
        .verify(&object(ObjectKind::Commit, &pgp_armor("AAAA")))
        .unwrap_err();
    assert!(matches!(err, VerifyError::NoPgpKeys), "{err}");

    let legacy = keys(&[("legacy", "not a key")]);
    let err = legacy
        .verify(&object(ObjectKind::Commit, &ssh_armor("AAAA")))
        .unwrap_err();
    assert!(matches!(err, VerifyError::NoSshKeys), "{err}");
}

#[test]
fn malformed_pgp_signatures_are_errors() {
    let keys = keys(&[("a.asc", "whatever")]);
    for body in ["", "!!!!", "AAAA", "wsBcBAABCAAQBQJ=", &"A".repeat(10_000)] {
        let err = keys
            .verify(&object(ObjectKind::Commit, &pgp_armor(body)))
            .unwrap_err();
        assert!(
            matches!(err, VerifyError::PgpSignature { .. }),
            "{body:?}: {err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("unable to verify Git commit: unable to read openPGP signature"),
            "{err}"
        );
    }
}

#[test]
fn malformed_ssh_signatures_are_errors() {
    let keys = keys(&[("a.sshpub", "ssh-ed25519 AAAA")]);
    for body in [
        "",
        "!!!!",
        "U1NIU0lH",
        "U1NIU0lHAAAAAQ==",
        &"A".repeat(10_000),
    ] {
        let err = keys
            .verify(&object(ObjectKind::Tag, &ssh_armor(body)))
            .unwrap_err();
        assert!(
            matches!(err, VerifyError::SshSignature { .. }),
            "{body:?}: {err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("unable to verify Git tag SSH signature: unable to unarmor"),
            "{err}"
        );
    }
}

#[test]
fn random_bytes_anywhere_are_errors_never_panics() {
    for seed in 1..200u64 {
        let junk = String::from_utf8_lossy(&noise(seed, (seed as usize * 37) % 3000)).into_owned();
        let mixed = keys(&[
            ("a.asc", &junk),
            ("b.sshpub", &junk),
            ("c", &pgp_armor(&junk)),
        ]);
        for signature in [
            junk.clone(),
            pgp_armor(&junk),
            ssh_armor(&junk),
            format!("-----BEGIN PGP SIGNATURE-----\n{junk}"),
        ] {
            assert!(
                mixed
                    .verify(&object(ObjectKind::Commit, &signature))
                    .is_err()
            );
        }
        let raw = noise(seed, 500);
        let _ = SignedObject::commit(&raw);
        let _ = SignedObject::tag(&raw);
        let _ = tag_name(&raw);
    }
}
