//! The upload-pack request (wants, optional `deepen`, `done`) and a streaming
//! parser of the response: shallow info and `NAK`, then the pack, demultiplexed
//! from side-band channel 1 when the server supports side-band.

use super::GitError;
use super::advertisement::Advertisement;
use super::pktline::{Packet, decode, encode, flush, trim_lf};

/// The capabilities we ask for, when the server offers them.
const WANTED_CAPS: &[&str] = &["side-band-64k", "ofs-delta", "shallow", "no-progress"];

/// Builds the request for `wants`, limited to `depth` commits if given.
pub(crate) fn request(adv: &Advertisement, wants: &[String], depth: Option<u32>) -> Vec<u8> {
    let mut caps: Vec<&str> = WANTED_CAPS
        .iter()
        .copied()
        .filter(|c| adv.supports(c))
        .collect();
    caps.push(concat!("agent=oxbow/", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    for (i, want) in wants.iter().enumerate() {
        let line = if i == 0 {
            format!("want {want} {}\n", caps.join(" "))
        } else {
            format!("want {want}\n")
        };
        encode(&mut out, line.as_bytes());
    }
    if let Some(depth) = depth.filter(|_| adv.supports("shallow")) {
        encode(&mut out, format!("deepen {depth}\n").as_bytes());
    }
    flush(&mut out);
    encode(&mut out, b"done\n");
    out
}

#[derive(Debug, PartialEq, Eq)]
enum State {
    Preamble,
    Sideband,
    Raw,
    Done,
}

/// Turns the response byte stream into pack bytes.
#[derive(Debug)]
pub(crate) struct PackReceiver {
    state: State,
    sideband: bool,
    pending: Vec<u8>,
    received: u64,
    limit: u64,
}

impl PackReceiver {
    /// A receiver for a request made with (or without) side-band, accepting at
    /// most `limit` pack bytes.
    pub(crate) fn new(adv: &Advertisement, limit: u64) -> Self {
        Self {
            state: State::Preamble,
            sideband: adv.supports("side-band-64k"),
            pending: Vec::new(),
            received: 0,
            limit,
        }
    }

    /// Whether the pack is complete (side-band flush seen).
    pub(crate) fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Feeds `chunk`; appends the pack bytes it carries to `out`.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), GitError> {
        self.pending.extend_from_slice(chunk);
        let mut pos = 0;
        loop {
            if self.state == State::Raw {
                out.extend_from_slice(&self.pending[pos..]);
                self.count(self.pending.len() - pos)?;
                pos = self.pending.len();
                break;
            }
            if self.state == State::Done {
                pos = self.pending.len();
                break;
            }
            let Some((packet, used)) = decode(&self.pending[pos..])? else {
                break;
            };
            let data = match packet {
                Packet::Flush if self.state == State::Sideband => {
                    self.state = State::Done;
                    pos += used;
                    continue;
                }
                Packet::Flush | Packet::Delimiter => {
                    pos += used;
                    continue;
                }
                Packet::Data(data) => data.to_vec(),
            };
            pos += used;
            match self.state {
                State::Preamble => self.preamble(&data)?,
                State::Sideband => match data.split_first() {
                    Some((1, pack)) => {
                        out.extend_from_slice(pack);
                        self.count(pack.len())?;
                    }
                    Some((2, _)) => {}
                    Some((3, message)) => {
                        return Err(GitError::Remote(
                            String::from_utf8_lossy(trim_lf(message)).into_owned(),
                        ));
                    }
                    _ => return Err(GitError::Protocol("invalid side-band packet".into())),
                },
                State::Raw | State::Done => {}
            }
        }
        self.pending.drain(..pos);
        Ok(())
    }

    fn preamble(&mut self, line: &[u8]) -> Result<(), GitError> {
        let line = trim_lf(line);
        if line.starts_with(b"shallow ") || line.starts_with(b"unshallow ") {
            return Ok(());
        }
        if let Some(message) = line.strip_prefix(b"ERR ") {
            return Err(GitError::Remote(
                String::from_utf8_lossy(message).into_owned(),
            ));
        }
        if line == b"NAK" || line.starts_with(b"ACK ") {
            self.state = if self.sideband {
                State::Sideband
            } else {
                State::Raw
            };
            return Ok(());
        }
        Err(GitError::Protocol(format!(
            "unexpected upload-pack response '{}'",
            String::from_utf8_lossy(&line[..line.len().min(64)])
        )))
    }

    fn count(&mut self, n: usize) -> Result<(), GitError> {
        self.received += n as u64;
        if self.received > self.limit {
            return Err(GitError::TooLarge { limit: self.limit });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adv(caps: &[&str]) -> Advertisement {
        Advertisement {
            capabilities: caps.iter().map(|c| c.to_string()).collect(),
            ..Advertisement::default()
        }
    }

    #[test]
    fn request_asks_only_for_offered_capabilities_and_depth() {
        let body = request(&adv(&["shallow", "ofs-delta"]), &["a".repeat(40)], Some(1));
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("ofs-delta shallow agent=oxbow/"), "{text}");
        assert!(text.contains("deepen 1\n0000"), "{text}");
        assert!(text.ends_with("0009done\n"));
    }

    #[test]
    fn receiver_demultiplexes_the_pack_across_chunks() {
        let mut stream = Vec::new();
        encode(
            &mut stream,
            format!("shallow {}\n", "a".repeat(40)).as_bytes(),
        );
        flush(&mut stream);
        encode(&mut stream, b"NAK\n");
        encode(&mut stream, b"\x02counting objects\n");
        encode(&mut stream, b"\x01PACK1234");
        encode(&mut stream, b"\x01more");
        flush(&mut stream);
        let mut rx = PackReceiver::new(&adv(&["side-band-64k"]), 1024);
        let mut out = Vec::new();
        for chunk in stream.chunks(5) {
            rx.feed(chunk, &mut out).unwrap();
        }
        assert_eq!(out, b"PACK1234more");
        assert!(rx.is_done());
        let mut small = PackReceiver::new(&adv(&["side-band-64k"]), 4);
        assert!(small.feed(&stream, &mut Vec::new()).is_err());
    }

    #[test]
    fn receiver_reports_remote_errors() {
        let mut stream = Vec::new();
        encode(&mut stream, b"ERR upload-pack: not our ref\n");
        let mut rx = PackReceiver::new(&adv(&[]), 1024);
        let err = rx.feed(&stream, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("not our ref"), "{err}");
    }
}
