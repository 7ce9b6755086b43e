//! The storage encoding: Go-style JSON, gzip at best compression, base64.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::Release;

/// Why a stored release could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// Not base64.
    #[error("failed to decode release: invalid base64")]
    Base64(#[source] base64::DecodeError),
    /// Corrupt gzip data.
    #[error("failed to decode release: invalid gzip data")]
    Gzip(#[source] std::io::Error),
    /// Not a release document.
    #[error("failed to decode release: invalid JSON")]
    Json(#[source] serde_json::Error),
    /// The decompressed release exceeds the size limit.
    #[error("failed to decode release: larger than {0} bytes")]
    TooLarge(u64),
}

/// Upper bound for a decompressed release (Helm's secrets are at most 1 MiB
/// compressed; this leaves room and still stops a gzip bomb).
const MAX_RELEASE_BYTES: u64 = 64 << 20;

fn sort_keys(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut entries: Vec<(String, serde_json::Value)> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(sort_keys).collect())
        }
        other => other,
    }
}

/// JSON as Go's `json.Marshal` writes it: struct fields in declaration order,
/// map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped.
///
/// # Errors
/// When serialisation fails.
pub fn go_json(rls: &Release) -> Result<String, CodecError> {
    let mut r = rls.clone();
    r.config = r.config.map(sort_keys);
    r.chart = r.chart.map(|c| match c {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    if k == "values" {
                        (k, sort_keys(v))
                    } else {
                        (k, v)
                    }
                })
                .collect(),
        ),
        other => other,
    });
    let text = serde_json::to_string(&r).map_err(CodecError::Json)?;
    // These characters only occur inside JSON strings, so a plain replacement
    // is exactly Go's HTML-safe escaping.
    Ok(text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

/// Encode a release the way Helm's storage drivers do: JSON → gzip → base64.
///
/// # Errors
/// When serialisation fails.
pub fn encode(rls: &Release) -> Result<String, CodecError> {
    let json = go_json(rls)?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(json.as_bytes()).map_err(CodecError::Gzip)?;
    let bytes = gz.finish().map_err(CodecError::Gzip)?;
    Ok(STANDARD.encode(bytes))
}

/// Decode a stored release; like Helm, data without the gzip magic is read as
/// plain JSON (releases stored before compression was introduced).
///
/// # Errors
/// When the data is not base64, gzip or a release.
pub fn decode(data: &str) -> Result<Release, CodecError> {
    let raw = STANDARD.decode(data.trim()).map_err(CodecError::Base64)?;
    let json = if raw.len() > 3 && raw[..3] == [0x1f, 0x8b, 0x08] {
        let mut out = Vec::new();
        GzDecoder::new(raw.as_slice())
            .take(MAX_RELEASE_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(CodecError::Gzip)?;
        if out.len() as u64 > MAX_RELEASE_BYTES {
            return Err(CodecError::TooLarge(MAX_RELEASE_BYTES));
        }
        out
    } else {
        raw
    };
    serde_json::from_slice(&json).map_err(CodecError::Json)
}
