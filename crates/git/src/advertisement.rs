//! The reference advertisement an upload-pack server opens with (protocol v0):
//! what `git ls-remote` shows, parsed into refs, peeled tags and capabilities.

use std::collections::BTreeMap;

use super::GitError;
use super::pktline::{Packet, decode, trim_lf};

/// The refs a remote advertises.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Advertisement {
    /// Ref name → object id (hex).
    pub refs: BTreeMap<String, String>,
    /// Annotated tag ref → the commit it points to (`^{}` lines).
    pub peeled: BTreeMap<String, String>,
    /// The server's capabilities.
    pub capabilities: Vec<String>,
    /// The branch `HEAD` points to, if the server says (`symref=HEAD:…`).
    pub head_target: Option<String>,
}

impl Advertisement {
    /// The commit `name` resolves to, peeling annotated tags.
    pub fn commit_of(&self, name: &str) -> Option<&str> {
        self.peeled
            .get(name)
            .or_else(|| self.refs.get(name))
            .map(String::as_str)
    }

    /// Whether the server supports `capability`.
    pub fn supports(&self, capability: &str) -> bool {
        self.capabilities.iter().any(|c| c == capability)
    }
}

/// Parses an advertisement, skipping a smart-HTTP `# service=` header; returns it
/// and the number of bytes consumed (through the final flush).
pub(crate) fn parse(buf: &[u8]) -> Result<Option<(Advertisement, usize)>, GitError> {
    let mut adv = Advertisement::default();
    let mut pos = 0;
    let mut first = true;
    let mut after_service = false;
    loop {
        let Some((packet, used)) = decode(&buf[pos..])? else {
            return Ok(None);
        };
        pos += used;
        let line = match packet {
            Packet::Flush if after_service => {
                after_service = false;
                continue;
            }
            Packet::Flush => return Ok(Some((adv, pos))),
            Packet::Delimiter => return Err(GitError::Protocol("unexpected delimiter".into())),
            Packet::Data(line) => trim_lf(line),
        };
        if first && line.starts_with(b"# service=") {
            after_service = true;
            continue;
        }
        if let Some(message) = line.strip_prefix(b"ERR ") {
            return Err(GitError::Remote(
                String::from_utf8_lossy(message).into_owned(),
            ));
        }
        let (refline, caps) = match line.iter().position(|&b| b == 0) {
            Some(nul) => (&line[..nul], Some(&line[nul + 1..])),
            None => (line, None),
        };
        if let Some(caps) = caps.filter(|_| first) {
            adv.capabilities = String::from_utf8_lossy(caps)
                .split(' ')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            adv.head_target = adv
                .capabilities
                .iter()
                .find_map(|c| c.strip_prefix("symref=HEAD:").map(str::to_owned));
        }
        first = false;
        let text = String::from_utf8_lossy(refline);
        let Some((oid, name)) = text.split_once(' ') else {
            return Err(GitError::Protocol("malformed ref advertisement".into()));
        };
        if oid.len() != 40 || !oid.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GitError::Protocol(
                "malformed object id in advertisement".into(),
            ));
        }
        if name == "capabilities^{}" {
            continue;
        }
        match name.strip_suffix("^{}") {
            Some(tag) => adv.peeled.insert(tag.to_owned(), oid.to_owned()),
            None => adv.refs.insert(name.to_owned(), oid.to_owned()),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pktline::{encode, flush};

    #[test]
    fn parses_refs_peeled_tags_and_capabilities() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let c = "c".repeat(40);
        let mut buf = Vec::new();
        encode(&mut buf, b"# service=git-upload-pack\n");
        flush(&mut buf);
        encode(
            &mut buf,
            format!("{a} HEAD\0shallow symref=HEAD:refs/heads/main\n").as_bytes(),
        );
        encode(&mut buf, format!("{a} refs/heads/main\n").as_bytes());
        encode(&mut buf, format!("{b} refs/tags/v1.0.0\n").as_bytes());
        encode(&mut buf, format!("{c} refs/tags/v1.0.0^{{}}\n").as_bytes());
        flush(&mut buf);
        let (adv, used) = parse(&buf).unwrap().unwrap();
        assert_eq!(used, buf.len());
        assert!(adv.supports("shallow"));
        assert_eq!(adv.head_target.as_deref(), Some("refs/heads/main"));
        assert_eq!(adv.commit_of("refs/heads/main"), Some(a.as_str()));
        assert_eq!(adv.commit_of("refs/tags/v1.0.0"), Some(c.as_str()));
        assert!(parse(&buf[..buf.len() - 4]).unwrap().is_none());
    }
}
