//! Decoding of Kubernetes protobuf request bodies for the few kinds kubectl's
//! generator commands send that way (`kubectl create namespace|configmap|secret|
//! serviceaccount`): the `k8s\0` envelope, `runtime.Unknown`, ObjectMeta and the kind's
//! own fields. Responses are always JSON, which client-go accepts.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

/// Why a protobuf body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtobufError {
    /// Not a well-formed Kubernetes protobuf message.
    #[error("the protobuf body is malformed: {0}")]
    Malformed(&'static str),
    /// A kind this server does not decode from protobuf.
    #[error(
        "protobuf bodies are supported for Namespace, ConfigMap, Secret and ServiceAccount only, not {0}; send JSON or YAML (kubectl apply)"
    )]
    Unsupported(String),
}

enum Wire<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, ProtobufError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self
                .buf
                .split_first()
                .ok_or(ProtobufError::Malformed("truncated varint"))?;
            self.buf = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ProtobufError::Malformed("varint too long"))
    }

    fn next(&mut self) -> Result<Option<(u64, Wire<'a>)>, ProtobufError> {
        if self.buf.is_empty() {
            return Ok(None);
        }
        let key = self.varint()?;
        let wire = match key & 7 {
            0 => Wire::Varint(self.varint()?),
            2 => {
                let len = usize::try_from(self.varint()?)
                    .map_err(|_| ProtobufError::Malformed("length"))?;
                if len > self.buf.len() {
                    return Err(ProtobufError::Malformed("truncated field"));
                }
                let (field, rest) = self.buf.split_at(len);
                self.buf = rest;
                Wire::Bytes(field)
            }
            1 => self.skip(8)?,
            5 => self.skip(4)?,
            _ => return Err(ProtobufError::Malformed("unsupported wire type")),
        };
        Ok(Some((key >> 3, wire)))
    }

    fn skip(&mut self, n: usize) -> Result<Wire<'a>, ProtobufError> {
        if n > self.buf.len() {
            return Err(ProtobufError::Malformed("truncated fixed field"));
        }
        self.buf = &self.buf[n..];
        Ok(Wire::Fixed)
    }
}

/// Calls `f` for every field of a message.
fn fields<'a>(buf: &'a [u8], mut f: impl FnMut(u64, Wire<'a>)) -> Result<(), ProtobufError> {
    let mut r = Reader { buf };
    while let Some((n, w)) = r.next()? {
        f(n, w);
    }
    Ok(())
}

fn text(b: &[u8]) -> Value {
    Value::String(String::from_utf8_lossy(b).into_owned())
}

fn map_entry(buf: &[u8], binary: bool) -> Result<(String, Value), ProtobufError> {
    let (mut key, mut value) = (String::new(), Value::String(String::new()));
    fields(buf, |n, w| match (n, w) {
        (1, Wire::Bytes(b)) => key = String::from_utf8_lossy(b).into_owned(),
        (2, Wire::Bytes(b)) if binary => value = json!(STANDARD.encode(b)),
        (2, Wire::Bytes(b)) => value = text(b),
        _ => {}
    })?;
    Ok((key, value))
}

fn insert_entry(
    map: &mut Map<String, Value>,
    field: &str,
    buf: &[u8],
    binary: bool,
) -> Result<(), ProtobufError> {
    let (k, v) = map_entry(buf, binary)?;
    let entry = map.entry(field).or_insert_with(|| json!({}));
    if let Some(m) = entry.as_object_mut() {
        m.insert(k, v);
    }
    Ok(())
}

fn object_meta(buf: &[u8]) -> Result<Value, ProtobufError> {
    let mut m = Map::new();
    let mut entries: Vec<(&str, &[u8])> = Vec::new();
    let mut finalizers = Vec::new();
    fields(buf, |n, w| match (n, w) {
        (1, Wire::Bytes(b)) => {
            m.insert("name".into(), text(b));
        }
        (2, Wire::Bytes(b)) => {
            m.insert("generateName".into(), text(b));
        }
        (3, Wire::Bytes(b)) => {
            m.insert("namespace".into(), text(b));
        }
        (11, Wire::Bytes(b)) => entries.push(("labels", b)),
        (12, Wire::Bytes(b)) => entries.push(("annotations", b)),
        (14, Wire::Bytes(b)) => finalizers.push(text(b)),
        _ => {}
    })?;
    m.retain(|_, v| v.as_str() != Some(""));
    for (field, b) in entries {
        insert_entry(&mut m, field, b, false)?;
    }
    if !finalizers.is_empty() {
        m.insert("finalizers".into(), Value::Array(finalizers));
    }
    Ok(Value::Object(m))
}

fn object(kind: &str, buf: &[u8]) -> Result<Value, ProtobufError> {
    let mut obj = Map::new();
    let mut meta = None;
    let mut entries: Vec<(&str, &[u8], bool)> = Vec::new();
    let mut scalars: Vec<(&str, Value)> = Vec::new();
    fields(buf, |n, w| match (kind, n, w) {
        (_, 1, Wire::Bytes(b)) => meta = Some(b),
        ("ConfigMap", 2, Wire::Bytes(b)) => entries.push(("data", b, false)),
        ("ConfigMap", 3, Wire::Bytes(b)) => entries.push(("binaryData", b, true)),
        ("ConfigMap", 4, Wire::Varint(v)) => scalars.push(("immutable", json!(v != 0))),
        ("Secret", 2, Wire::Bytes(b)) => entries.push(("data", b, true)),
        ("Secret", 3, Wire::Bytes(b)) => scalars.push(("type", text(b))),
        ("Secret", 4, Wire::Bytes(b)) => entries.push(("stringData", b, false)),
        ("Secret", 5, Wire::Varint(v)) => scalars.push(("immutable", json!(v != 0))),
        ("ServiceAccount", 4, Wire::Varint(v)) => {
            scalars.push(("automountServiceAccountToken", json!(v != 0)))
        }
        _ => {}
    })?;
    obj.insert(
        "metadata".into(),
        match meta {
            Some(b) => object_meta(b)?,
            None => json!({}),
        },
    );
    for (field, b, binary) in entries {
        insert_entry(&mut obj, field, b, binary)?;
    }
    // gogo-protobuf writes optional strings even when empty; absent is what they mean.
    for (k, v) in scalars.into_iter().filter(|(_, v)| v.as_str() != Some("")) {
        obj.insert(k.into(), v);
    }
    Ok(Value::Object(obj))
}

fn strings_of(buf: &[u8], names: &[&str]) -> Result<Value, ProtobufError> {
    let mut m = Map::new();
    fields(buf, |n, w| {
        let name = usize::try_from(n)
            .ok()
            .and_then(|i| names.get(i.wrapping_sub(1)));
        if let (Wire::Bytes(b), Some(name)) = (w, name)
            && !b.is_empty()
        {
            m.insert((*name).to_owned(), text(b));
        }
    })?;
    Ok(Value::Object(m))
}

/// `kubectl auth can-i` sends a SelfSubjectAccessReview as protobuf.
fn access_review(buf: &[u8]) -> Result<Value, ProtobufError> {
    let mut spec_buf: &[u8] = &[];
    fields(buf, |n, w| {
        if let (2, Wire::Bytes(b)) = (n, w) {
            spec_buf = b;
        }
    })?;
    let mut spec = Map::new();
    let mut parts: Vec<(u64, &[u8])> = Vec::new();
    fields(spec_buf, |n, w| {
        if let Wire::Bytes(b) = w {
            parts.push((n, b));
        }
    })?;
    for (n, b) in parts {
        match n {
            1 => {
                let names = [
                    "namespace",
                    "verb",
                    "group",
                    "version",
                    "resource",
                    "subresource",
                    "name",
                ];
                spec.insert("resourceAttributes".into(), strings_of(b, &names)?);
            }
            2 => {
                spec.insert(
                    "nonResourceAttributes".into(),
                    strings_of(b, &["path", "verb"])?,
                );
            }
            _ => {}
        }
    }
    Ok(json!({"metadata": {}, "spec": spec}))
}

/// Decodes a protobuf request body into the JSON object it encodes.
pub fn decode(body: &[u8]) -> Result<Value, ProtobufError> {
    let payload = body
        .strip_prefix(b"k8s\0")
        .ok_or(ProtobufError::Malformed("missing k8s envelope"))?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), None);
    fields(payload, |n, w| match (n, w) {
        (1, Wire::Bytes(type_meta)) => {
            let _ = fields(type_meta, |n, w| match (n, w) {
                (1, Wire::Bytes(b)) => api_version = String::from_utf8_lossy(b).into_owned(),
                (2, Wire::Bytes(b)) => kind = String::from_utf8_lossy(b).into_owned(),
                _ => {}
            });
        }
        (2, Wire::Bytes(b)) => raw = Some(b),
        _ => {}
    })?;
    if api_version == "authorization.k8s.io/v1" && kind == "SelfSubjectAccessReview" {
        let mut obj = access_review(raw.unwrap_or_default())?;
        obj["apiVersion"] = json!(api_version);
        obj["kind"] = json!(kind);
        return Ok(obj);
    }
    if api_version != "v1"
        || !matches!(
            kind.as_str(),
            "Namespace" | "ConfigMap" | "Secret" | "ServiceAccount"
        )
    {
        return Err(ProtobufError::Unsupported(format!("{api_version}/{kind}")));
    }
    let mut obj = object(&kind, raw.unwrap_or_default())?;
    obj["apiVersion"] = json!(api_version);
    obj["kind"] = json!(kind);
    Ok(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(n: u64, bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![((n << 3) | 2) as u8, bytes.len() as u8];
        out.extend_from_slice(bytes);
        out
    }

    #[test]
    fn decodes_a_configmap_like_kubectl_sends_it() {
        let meta = [
            field(1, b"cm"),
            field(11, &[field(1, b"app"), field(2, b"web")].concat()),
        ]
        .concat();
        let entry = [field(1, b"k"), field(2, b"v")].concat();
        let raw = [field(1, &meta), field(2, &entry)].concat();
        let type_meta = [field(1, b"v1"), field(2, b"ConfigMap")].concat();
        let body = [b"k8s\0".to_vec(), field(1, &type_meta), field(2, &raw)].concat();
        let obj = decode(&body).unwrap();
        assert_eq!(
            obj,
            json!({"metadata": {"name": "cm", "labels": {"app": "web"}}, "data": {"k": "v"},
            "apiVersion": "v1", "kind": "ConfigMap"})
        );
    }

    #[test]
    fn rejects_garbage_and_unsupported_kinds() {
        assert!(decode(b"nope").is_err());
        let type_meta = [field(1, b"apps/v1"), field(2, b"Deployment")].concat();
        let body = [b"k8s\0".to_vec(), field(1, &type_meta)].concat();
        assert!(matches!(decode(&body), Err(ProtobufError::Unsupported(_))));
    }
}
