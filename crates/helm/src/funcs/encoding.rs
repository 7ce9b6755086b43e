//! Sprig's encodings and checksums: base64, base32, sha1/sha256/sha512, adler32.

use super::FuncMap;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::Digest;

use super::{add, arity, bytes_arg, s, str_arg};

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 with padding, like Go's `base32.StdEncoding`.
pub(crate) fn b32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                out.push(B32[((bits >> (35 - i * 5)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base32.StdEncoding.DecodeString` (newlines ignored): its quantum
/// loop, so a failure names the byte Go names.
pub(crate) fn b32_decode(text: &str) -> Result<Vec<u8>, String> {
    let src: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\n' && *b != b'\r')
        .collect();
    let corrupt = |at: usize| format!("illegal base32 data at input byte {at}");
    let olen = src.len();
    let mut rest = &src[..];
    let mut out = Vec::with_capacity(olen / 8 * 5);
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut dbuf = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0;
        while j < 8 {
            let Some((&c, after)) = rest.split_first() else {
                // The end, and the padding missing.
                return Err(corrupt(olen - j));
            };
            rest = after;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return Err(corrupt(olen));
                }
                for k in 0..7 - j {
                    if rest.get(k).is_some_and(|&x| x != b'=') {
                        return Err(corrupt(olen - rest.len() + k - 1));
                    }
                }
                (dlen, end) = (j, true);
                if matches!(dlen, 1 | 3 | 6) {
                    return Err(corrupt(olen - rest.len() - 1));
                }
                break;
            }
            dbuf[j] = B32
                .iter()
                .position(|&x| x == c)
                .ok_or_else(|| corrupt(olen - rest.len() - 1))? as u8;
            j += 1;
        }
        let d = dbuf;
        let bytes = [
            d[0] << 3 | d[1] >> 2,
            d[1] << 6 | d[2] << 1 | d[3] >> 4,
            d[3] << 4 | d[4] >> 1,
            d[4] << 7 | d[5] << 2 | d[6] >> 3,
            d[6] << 5 | d[7],
        ];
        let n = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            _ => 1,
        };
        out.extend_from_slice(&bytes[..n]);
    }
    Ok(out)
}

/// Go's `base64.StdEncoding.DecodeString` (CR and LF ignored).
pub(crate) fn b64_decode(text: &str) -> Result<Vec<u8>, String> {
    let clean: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    STANDARD.decode(clean.as_bytes()).map_err(|e| match e {
        base64::DecodeError::InvalidByte(i, _) | base64::DecodeError::InvalidLastSymbol(i, _) => {
            format!("illegal base64 data at input byte {i}")
        }
        _ => format!("illegal base64 data at input byte {}", clean.len() / 4 * 4),
    })
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "b64enc", |n, a| {
        arity(n, a, 1)?;
        Ok(s(STANDARD.encode(bytes_arg(n, a, 0)?)))
    });
    add(m, "b64dec", |n, a| {
        arity(n, a, 1)?;
        Ok(s(match b64_decode(str_arg(n, a, 0)?) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => e,
        }))
    });
    add(m, "b32enc", |n, a| {
        arity(n, a, 1)?;
        Ok(s(b32_encode(bytes_arg(n, a, 0)?)))
    });
    add(m, "b32dec", |n, a| {
        arity(n, a, 1)?;
        Ok(s(match b32_decode(str_arg(n, a, 0)?) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => e,
        }))
    });
    add(m, "sha1sum", |n, a| {
        arity(n, a, 1)?;
        Ok(s(hex::encode(sha1::Sha1::digest(bytes_arg(n, a, 0)?))))
    });
    add(m, "sha256sum", |n, a| {
        arity(n, a, 1)?;
        Ok(s(hex::encode(sha2::Sha256::digest(bytes_arg(n, a, 0)?))))
    });
    add(m, "sha512sum", |n, a| {
        arity(n, a, 1)?;
        Ok(s(hex::encode(sha2::Sha512::digest(bytes_arg(n, a, 0)?))))
    });
    add(m, "adler32sum", |n, a| {
        arity(n, a, 1)?;
        Ok(s(adler32(bytes_arg(n, a, 0)?).to_string()))
    });
}
