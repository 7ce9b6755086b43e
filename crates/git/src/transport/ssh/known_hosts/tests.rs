use super::*;

const A: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICnLQB1ytSFLyShIH7CRP9R/BdycpnX8bAZD+w40118j";
const B: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA1eRAqLY2/VleTFVSCAvyG5FGN2ryhEgIK2fHPJNPYO";
const C: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIYZLwuO8Y6iXpOXdyHgI6m+XWAbNCBok46L8NfYbjXT9ENcQyqzAhjAoPGlOw1yPhczkMAaLz/Ene0lYstq0tU=";
/// `[127.0.0.1]:2222` with key A, hashed by `ssh-keygen -H`.
const HASHED_A: &str = "|1|bJIk5PFDgqKHIVvcoyA7u70R+28=|skirh1j1Gxe6FkuKGxHh4gkNdmA=";

fn key(text: &str) -> PublicKey {
    PublicKey::from_openssh(text).unwrap()
}

fn hosts(text: &str) -> KnownHosts {
    KnownHosts::parse(text.as_bytes()).unwrap()
}

#[test]
fn names_non_standard_ports_in_brackets() {
    assert_eq!(host_name("GitHub.com", 22), "github.com");
    assert_eq!(host_name("127.0.0.1", 2222), "[127.0.0.1]:2222");
}

#[test]
fn accepts_only_the_listed_key_for_the_host() {
    let known = hosts(&format!(
        "# comment\n\ngit.example.com,other {A}\n[127.0.0.1]:2222 {C} comment\n"
    ));
    assert!(known.verify("git.example.com", &key(A)).is_ok());
    assert!(known.verify("other", &key(A)).is_ok());
    assert!(matches!(
        known.verify("git.example.com", &key(B)),
        Err(SshError::HostKeyMismatch(_))
    ));
    assert!(known.verify("[127.0.0.1]:2222", &key(C)).is_ok());
    // The port matters: the same host on port 22 is not listed.
    assert!(matches!(
        known.verify("127.0.0.1", &key(C)),
        Err(SshError::HostKeyUnknown(_))
    ));
}

#[test]
fn matches_hashed_names() {
    let known = hosts(&format!("{HASHED_A} {A}\n"));
    assert!(known.verify("[127.0.0.1]:2222", &key(A)).is_ok());
    assert!(matches!(
        known.verify("[127.0.0.1]:2222", &key(B)),
        Err(SshError::HostKeyMismatch(_))
    ));
    assert!(matches!(
        known.verify("[127.0.0.1]:2223", &key(A)),
        Err(SshError::HostKeyUnknown(_))
    ));
}

#[test]
fn several_keys_for_one_host_each_verify_and_set_the_offered_algorithms() {
    let known = hosts(&format!("h {C}\nh {A}\nother {B}\n"));
    assert!(known.verify("h", &key(A)).is_ok());
    assert!(known.verify("h", &key(C)).is_ok());
    assert!(known.verify("h", &key(B)).is_err());
    assert_eq!(
        known.algorithms("h"),
        vec![key(C).algorithm(), Algorithm::Ed25519]
    );
    assert!(known.algorithms("nowhere").is_empty());
}

#[test]
fn wildcards_negation_and_revocation() {
    let known = hosts(&format!(
        "*.example.com,!bad.example.com {A}\ngit?.internal {B}\n@revoked * {C}\n@cert-authority * {B}\n"
    ));
    assert!(known.verify("git.example.com", &key(A)).is_ok());
    assert!(known.verify("bad.example.com", &key(A)).is_err());
    assert!(known.verify("git1.internal", &key(B)).is_ok());
    assert!(known.verify("git12.internal", &key(B)).is_err());
    assert!(matches!(
        known.verify("git.example.com", &key(C)),
        Err(SshError::HostKeyRevoked(_))
    ));
}

#[test]
fn glob_backtracks_without_blowing_up() {
    assert!(glob(b"*a*b", b"xxaxxb"));
    assert!(!glob(b"*a*b", b"xxaxxc"));
    assert!(glob(b"a**", b"a"));
    let hostile = "*a".repeat(40);
    assert!(!glob(hostile.as_bytes(), "a".repeat(39).as_bytes()));
}

#[test]
fn refuses_a_file_without_usable_lines() {
    assert!(KnownHosts::parse(b"# nothing\n").is_err());
    assert!(KnownHosts::parse(b"host ssh-ed25519 not-base64\n").is_err());
}
