//! Reading YAML streams into documents (bounded) and small helpers to walk and
//! edit the `serde_yaml::Value` tree, which keeps map key order.

mod folded;
mod resolve;

use std::collections::HashMap;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};

pub use resolve::Timestamp;

/// Most documents accepted from one file.
pub const MAX_DOCUMENTS: usize = 100_000;

/// Errors while parsing YAML.
#[derive(Debug, thiserror::Error)]
pub enum YamlError {
    /// The text is not valid YAML.
    #[error("failed to parse yaml in '{path}': {message}")]
    Syntax {
        /// The file.
        path: String,
        /// What the parser said.
        message: String,
    },
    /// Too many documents.
    #[error("'{0}' holds more than {MAX_DOCUMENTS} documents")]
    TooManyDocuments(String),
    /// Flow collections nested too deeply.
    #[error("'{0}' nests flow collections deeper than {MAX_FLOW_DEPTH} levels")]
    TooDeep(String),
}

/// Deepest `[`/`{` nesting accepted (the parser slows down quadratically with it).
pub const MAX_FLOW_DEPTH: usize = 512;

/// Refuses text whose flow collections nest too deeply (checked before
/// every parse, since the YAML parser is quadratic in that depth).
pub fn check_depth(text: &str, path: &str) -> Result<(), YamlError> {
    if flow_depth_ok(text) {
        Ok(())
    } else {
        Err(YamlError::TooDeep(path.to_string()))
    }
}

/// A linear scan for flow nesting depth, ignoring quoted text inside flows.
fn flow_depth_ok(text: &str) -> bool {
    let (mut depth, mut quote): (usize, Option<char>) = (0, None);
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return false;
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, '"' | '\'') if depth > 0 => quote = Some(c),
            _ => {}
        }
    }
    true
}

/// Parses every document of a YAML (or JSON) stream, dropping empty ones.
pub fn parse_stream(text: &str, path: &str) -> Result<Vec<Value>, YamlError> {
    parse_docs(text, path, false, false)
}

/// Like [`parse_stream`], with YAML 1.1 booleans (`yes`, `on`, `n`, ...) as
/// go-yaml v2 reads them: kustomize decodes JSON 6902 patches that way.
pub fn parse_stream_yaml11(text: &str, path: &str) -> Result<Vec<Value>, YamlError> {
    parse_docs(text, path, true, false)
}

/// Reads a kustomization file as kustomize does (go-yaml v2 through JSON):
/// YAML 1.1 booleans, and a repeated key keeps its last value.
pub fn parse_kustomization(text: &str, path: &str) -> Result<Value, YamlError> {
    let mut docs = parse_docs(text, path, true, true)?;
    if docs.len() > 1 {
        return Err(YamlError::Syntax {
            path: path.to_string(),
            message: "a kustomization file holds a single document".into(),
        });
    }
    Ok(docs.pop().unwrap_or(Value::Null))
}

fn parse_docs(
    text: &str,
    path: &str,
    yaml11: bool,
    last_wins: bool,
) -> Result<Vec<Value>, YamlError> {
    if !flow_depth_ok(text) {
        return Err(YamlError::TooDeep(path.to_string()));
    }
    let mut out = Vec::new();
    // `<<` merge keys are resolved as go-yaml does when it decodes.
    let has_merge_keys = text.contains("<<");
    // Resources print their folded scalars as kustomize does; files read
    // through JSON (kustomizations, JSON patches) have no styles left.
    let folded = if yaml11 || last_wins {
        HashMap::new()
    } else {
        folded::roundtrip_changes(text)
    };
    for doc in serde_yaml::Deserializer::from_str(text) {
        let value = GoValue {
            text,
            at: Place::Root,
            yaml11,
            last_wins,
            folded: &folded,
        }
        .deserialize(doc)
        .map_err(|e: serde_yaml::Error| YamlError::Syntax {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        let mut value = value;
        if has_merge_keys {
            // A `<<` whose value is not a map stays as it is (kubectl drops
            // it later rather than failing).
            let _ = value.apply_merge();
        }
        if !value_is_null(&value) {
            out.push(value);
        }
        if out.len() > MAX_DOCUMENTS {
            return Err(YamlError::TooManyDocuments(path.to_string()));
        }
    }
    Ok(out)
}

/// Builds a [`Value`] the way go-yaml v3 (kustomize's reader) resolves
/// plain scalars; `text` is the source, used to tell plain scalars from
/// quoted ones (serde_yaml hands both over as borrowed strings).
#[derive(Clone, Copy)]
struct GoValue<'t> {
    text: &'t str,
    at: Place,
    /// Read plain `yes`/`no`/`on`/`off`/`y`/`n` as booleans (YAML 1.1, as
    /// go-yaml v2 does for JSON patches).
    yaml11: bool,
    /// A repeated map key keeps its last value (kustomization files go
    /// through JSON) instead of being an error.
    last_wins: bool,
    /// Folded scalars kustomize prints with another value (see `folded`).
    folded: &'t HashMap<String, String>,
}

/// Where a value sits in its document: kustomize rewrites annotations as
/// strings with their source text, so values under `metadata.annotations`
/// are not resolved.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Metadata,
    Annotations,
    Annotation,
    Other,
}

impl GoValue<'_> {
    /// What kustomize prints for a folded scalar that does not survive its
    /// writer unchanged (annotations are rebuilt as plain strings first).
    fn printed_folded(&self, s: &str) -> Option<String> {
        if self.at == Place::Annotation {
            return None;
        }
        self.folded.get(s).cloned()
    }

    /// True when `s` is a slice of the source not enclosed in quotes.
    fn is_plain(&self, s: &str) -> bool {
        let range = self.text.as_bytes().as_ptr_range();
        let start = s.as_ptr();
        if !range.contains(&start) {
            return false;
        }
        let offset = start as usize - range.start as usize;
        let bytes = self.text.as_bytes();
        let before = offset.checked_sub(1).and_then(|i| bytes.get(i));
        if matches!(before, Some(b'\'' | b'"')) {
            return false;
        }
        // A tag (`!!str 0644`) right before the scalar fixes its type.
        let head = bytes.get(..offset).unwrap_or_default().trim_ascii_end();
        let token_start = head
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |i| i + 1);
        head.get(token_start) != Some(&b'!')
    }
}

impl<'de> DeserializeSeed<'de> for GoValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GoValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::from(i as f64))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::from(u as f64))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::from(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(
            self.printed_folded(s).unwrap_or_else(|| s.to_string()),
        ))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Value, E> {
        if self.at != Place::Annotation && self.is_plain(s) {
            if self.yaml11
                && let Some(b) = resolve::yaml11_bool(s)
            {
                return Ok(Value::Bool(b));
            }
            if let Some(v) = resolve::plain(s) {
                return Ok(v);
            }
        }
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(self.printed_folded(&s).unwrap_or(s)))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        let item = GoValue {
            at: Place::Other,
            ..self
        };
        while let Some(v) = seq.next_element_seed(item)? {
            out.push(v);
        }
        Ok(Value::Sequence(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some(k) = map.next_key_seed(KeySeed)? {
            let at = match (self.at, k.as_str()) {
                (Place::Root, Some("metadata")) => Place::Metadata,
                (Place::Metadata, Some("annotations")) => Place::Annotations,
                (Place::Annotations, _) => Place::Annotation,
                _ => Place::Other,
            };
            let v = map.next_value_seed(GoValue { at, ..self })?;
            if out.contains_key(&k) && !self.last_wins {
                let key = scalar_string(&k).unwrap_or_default();
                return Err(de::Error::custom(format!(
                    "duplicate entry with key {key:?}"
                )));
            }
            out.insert(k, v);
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // Tags do not survive kustomize's JSON step: keep the value only.
        let (_tag, contents) = data.variant::<String>()?;
        de::VariantAccess::newtype_variant_seed(contents, self)
    }
}

/// Map keys keep serde_yaml's reading (go-yaml keeps their text too).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
}

fn value_is_null(v: &Value) -> bool {
    matches!(v, Value::Null)
}

/// Looks a key up in a mapping value.
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

/// Looks a key up in a mapping value, falling back to a case-insensitive
/// match (plugin configurations decode through JSON like kustomize's).
pub fn get_ci<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let m = v.as_mapping()?;
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v)
    })
}

/// Follows a path of keys.
pub fn get_path<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |cur, k| get(cur, k))
}

/// The string at a path, if it is a string.
pub fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    get_path(v, path).and_then(Value::as_str)
}

/// The mapping at a path, created (with empty maps) when missing or null.
pub fn ensure_map<'a>(v: &'a mut Value, path: &[&str]) -> Option<&'a mut Mapping> {
    let mut cur = v;
    for k in path {
        if cur.is_null() {
            *cur = Value::Mapping(Mapping::new());
        }
        let m = cur.as_mapping_mut()?;
        if !m.contains_key(*k) || m.get(*k).is_some_and(Value::is_null) {
            m.insert(Value::from(*k), Value::Mapping(Mapping::new()));
        }
        cur = m.get_mut(*k)?;
    }
    if cur.is_null() {
        *cur = Value::Mapping(Mapping::new());
    }
    cur.as_mapping_mut()
}

/// Mutable access to a path of keys.
pub fn get_path_mut<'a>(v: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    let mut cur = v;
    for k in path {
        cur = cur.as_mapping_mut()?.get_mut(*k)?;
    }
    Some(cur)
}

/// Renders a scalar as kustomize would read it as a string (`None` for
/// collections).
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => Some(String::new()),
        Value::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

/// A mapping of string keys to string values read from a YAML map (non-string
/// scalars are stringified).
pub fn string_map(v: Option<&Value>) -> Vec<(String, String)> {
    let Some(m) = v.and_then(Value::as_mapping) else {
        return Vec::new();
    };
    m.iter()
        .filter_map(|(k, v)| Some((scalar_string(k)?, scalar_string(v)?)))
        .collect()
}
