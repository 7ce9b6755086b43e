//! `known_hosts` as OpenSSH writes it: host patterns (`host`, `[host]:port`,
//! wildcards, `!negation`) or hashed names (`|1|salt|hmac-sha1`), one key per
//! line, `@revoked` lines. A server's host key is accepted only when a line for
//! its name carries exactly that key.

use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use russh::keys::{Algorithm, HashAlg, PublicKey};

use super::SshError;

/// The parsed `known_hosts` of a Secret.
#[derive(Debug, Default)]
pub(crate) struct KnownHosts {
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    revoked: bool,
    hosts: Hosts,
    key: PublicKey,
}

#[derive(Debug)]
enum Hosts {
    Patterns(Vec<String>),
    Hashed { salt: Vec<u8>, hash: Vec<u8> },
}

/// The name a host is listed under: `host` on port 22, `[host]:port` elsewhere.
pub(crate) fn host_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_ascii_lowercase()
    } else {
        format!("[{}]:{port}", host.to_ascii_lowercase())
    }
}

impl KnownHosts {
    /// Parses `text`, skipping comments, certificate authorities and lines whose
    /// key cannot be read (as OpenSSH does); fails when no line is usable.
    pub(crate) fn parse(text: &[u8]) -> Result<Self, SshError> {
        let text = String::from_utf8_lossy(text);
        let entries: Vec<Entry> = text.lines().filter_map(parse_line).collect();
        if entries.is_empty() {
            return Err(SshError::InvalidKnownHosts);
        }
        Ok(Self { entries })
    }

    fn matching<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.hosts.matches(name))
    }

    /// The host key algorithms to offer the server for `name`, most preferred
    /// first: only those of the keys listed for it, so a server holding several
    /// host keys presents one we can check.
    pub(crate) fn algorithms(&self, name: &str) -> Vec<Algorithm> {
        let mut out = Vec::new();
        for entry in self.matching(name).filter(|e| !e.revoked) {
            let algorithms = match entry.key.algorithm() {
                Algorithm::Rsa { .. } => vec![
                    Algorithm::Rsa {
                        hash: Some(HashAlg::Sha512),
                    },
                    Algorithm::Rsa {
                        hash: Some(HashAlg::Sha256),
                    },
                ],
                other => vec![other],
            };
            for algorithm in algorithms {
                if !out.contains(&algorithm) {
                    out.push(algorithm);
                }
            }
        }
        out
    }

    /// Accepts `key` for `name` only if a non-revoked line for `name` lists it.
    pub(crate) fn verify(&self, name: &str, key: &PublicKey) -> Result<(), SshError> {
        let same = |e: &&Entry| e.key.key_data() == key.key_data();
        if self.entries.iter().filter(|e| e.revoked).any(|e| same(&e)) {
            return Err(SshError::HostKeyRevoked(name.to_owned()));
        }
        let mut listed = self.matching(name).filter(|e| !e.revoked).peekable();
        if listed.peek().is_none() {
            return Err(SshError::HostKeyUnknown(name.to_owned()));
        }
        if listed.any(|e| same(&e)) {
            Ok(())
        } else {
            Err(SshError::HostKeyMismatch(name.to_owned()))
        }
    }
}

fn parse_line(line: &str) -> Option<Entry> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut fields = line.split_whitespace();
    let mut hosts = fields.next()?;
    let mut revoked = false;
    if hosts.starts_with('@') {
        match hosts {
            "@revoked" => revoked = true,
            // Host certificates are not offered to servers, so their authorities
            // can never vouch for a key here.
            _ => return None,
        }
        hosts = fields.next()?;
    }
    let (algorithm, data) = (fields.next()?, fields.next()?);
    let key = PublicKey::from_openssh(&format!("{algorithm} {data}")).ok()?;
    Some(Entry {
        revoked,
        hosts: Hosts::parse(hosts)?,
        key,
    })
}

impl Hosts {
    fn parse(field: &str) -> Option<Self> {
        if let Some(hashed) = field.strip_prefix("|1|") {
            let (salt, hash) = hashed.split_once('|')?;
            return Some(Self::Hashed {
                salt: STANDARD.decode(salt).ok()?,
                hash: STANDARD.decode(hash).ok()?,
            });
        }
        Some(Self::Patterns(
            field.split(',').map(str::to_ascii_lowercase).collect(),
        ))
    }

    fn matches(&self, name: &str) -> bool {
        match self {
            Self::Hashed { salt, hash } => {
                let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, salt);
                hmac::verify(&key, name.as_bytes(), hash).is_ok()
            }
            Self::Patterns(patterns) => {
                let mut matched = false;
                for pattern in patterns {
                    match pattern.strip_prefix('!') {
                        Some(negated) if glob(negated.as_bytes(), name.as_bytes()) => return false,
                        Some(_) => {}
                        None => matched |= glob(pattern.as_bytes(), name.as_bytes()),
                    }
                }
                matched
            }
        }
    }
}

/// OpenSSH host pattern matching: `*` any run, `?` any one character. Greedy
/// with one backtrack point, so hostile patterns cost linear time per attempt.
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == b'?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    star = Some((sp, sn + 1));
                    p = sp + 1;
                    n = sn + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests;
