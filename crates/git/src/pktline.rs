//! Git's pkt-line framing: a 4-hex-digit length (including itself) then the
//! payload; `0000` is a flush packet.

use super::GitError;

/// Largest pkt-line the protocol allows (65520 bytes including the length).
const MAX_PKT_LEN: usize = 65520;

/// One decoded packet.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Packet<'a> {
    /// `0000`.
    Flush,
    /// `0001`/`0002` (protocol v2 delimiters; never expected in v0).
    Delimiter,
    /// A data packet.
    Data(&'a [u8]),
}

/// Appends `payload` as one pkt-line.
pub(crate) fn encode(out: &mut Vec<u8>, payload: &[u8]) {
    out.extend_from_slice(format!("{:04x}", payload.len() + 4).as_bytes());
    out.extend_from_slice(payload);
}

/// Appends a flush packet.
pub(crate) fn flush(out: &mut Vec<u8>) {
    out.extend_from_slice(b"0000");
}

/// Decodes the packet at the start of `buf`: `Ok(None)` if incomplete, else the
/// packet and the bytes it took.
pub(crate) fn decode(buf: &[u8]) -> Result<Option<(Packet<'_>, usize)>, GitError> {
    if buf.len() < 4 {
        return Ok(None);
    }
    let len = std::str::from_utf8(&buf[..4])
        .ok()
        .and_then(|s| usize::from_str_radix(s, 16).ok())
        .ok_or_else(|| GitError::Protocol("invalid pkt-line length".into()))?;
    match len {
        0 => Ok(Some((Packet::Flush, 4))),
        1 | 2 => Ok(Some((Packet::Delimiter, 4))),
        3 => Err(GitError::Protocol("invalid pkt-line length".into())),
        n if n > MAX_PKT_LEN => Err(GitError::Protocol("pkt-line too long".into())),
        n if buf.len() < n => Ok(None),
        n => Ok(Some((Packet::Data(&buf[4..n]), n))),
    }
}

/// Strips one trailing newline.
pub(crate) fn trim_lf(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_data_and_flush() {
        let mut buf = Vec::new();
        encode(&mut buf, b"want abc\n");
        flush(&mut buf);
        assert_eq!(&buf, b"000dwant abc\n0000");
        let (p, n) = decode(&buf).unwrap().unwrap();
        assert_eq!((p, n), (Packet::Data(b"want abc\n"), 13));
        assert_eq!(decode(&buf[13..]).unwrap().unwrap().0, Packet::Flush);
        assert!(decode(&buf[..6]).unwrap().is_none());
        assert!(decode(b"zzzz").is_err());
    }
}
