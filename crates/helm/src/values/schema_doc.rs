//! A `values.schema.json` document parsed without copying: strings point into the
//! file's bytes unless they hold escapes, objects are lists of members. Parsing
//! into `serde_json::Value` allocates every description and hashes every key,
//! which for the large schemas charts ship costs more than validating with them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// One JSON value of a schema document.
#[derive(Debug, PartialEq)]
pub enum Doc<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, converted as `serde_json::Value` converts it.
    Num(Number),
    /// A string.
    Str(Cow<'a, str>),
    /// An array.
    Arr(Vec<Doc<'a>>),
    /// An object: its members in document order, names unique (a document
    /// repeating a name is refused, see [`parse`]).
    Obj(Vec<(Cow<'a, str>, Doc<'a>)>),
}

impl<'a> Doc<'a> {
    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Doc<'a>> {
        match self {
            Doc::Obj(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Doc::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses a schema document. Fails on invalid JSON (or UTF-8) and on an object naming a
/// member twice: `serde_json::Value` keeps the last one, and a validator that
/// must agree with one built from that `Value` refuses the ambiguity instead.
pub fn parse(raw: &[u8]) -> Option<Doc<'_>> {
    // One UTF-8 check of the whole text; `from_slice` would check each string.
    let text = std::str::from_utf8(raw).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let doc = Doc::deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(doc)
}

impl<'de> Deserialize<'de> for Doc<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Doc<'de>, E> {
        Ok(Doc::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Doc<'de>, E> {
        Ok(Doc::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Doc<'de>, E> {
        Ok(Doc::Num(v.into()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Doc<'de>, E> {
        Ok(Doc::Num(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Doc<'de>, E> {
        Number::from_f64(v)
            .map(Doc::Num)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Doc<'de>, E> {
        Ok(Doc::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Doc<'de>, E> {
        Ok(Doc::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Doc<'de>, E> {
        Ok(Doc::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Doc::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc<'de>, A::Error> {
        let mut members: Vec<(Cow<'de, str>, Doc<'de>)> = Vec::new();
        while let Some(name) = map.next_key_seed(NameSeed)? {
            members.push((name, map.next_value()?));
        }
        if has_repeated_name(&members) {
            return Err(de::Error::custom("repeated member name"));
        }
        Ok(Doc::Obj(members))
    }
}

/// Whether two members share a name: pairwise for the usual small objects,
/// sorted for the large `properties` and `$defs` maps.
fn has_repeated_name(members: &[(Cow<'_, str>, Doc<'_>)]) -> bool {
    const PAIRWISE_UP_TO: usize = 12;
    if members.len() <= PAIRWISE_UP_TO {
        return members
            .iter()
            .enumerate()
            .any(|(i, (a, _))| members[i + 1..].iter().any(|(b, _)| a == b));
    }
    let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
    names.sort_unstable();
    names.windows(2).any(|w| w[0] == w[1])
}

/// Member names, borrowed from the document when they hold no escapes.
struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(NameVisitor)
    }
}

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let doc =
            parse(br#"{"a": "plain", "b\n": "esc\"aped", "n": [1, -2, 2.5, null, true]}"#).unwrap();
        let Doc::Obj(members) = &doc else { panic!() };
        assert!(matches!(members[0].0, Cow::Borrowed("a")));
        assert!(matches!(members[0].1, Doc::Str(Cow::Borrowed("plain"))));
        assert_eq!(members[1].0, "b\n");
        assert_eq!(doc.get("b\n").and_then(Doc::as_str), Some("esc\"aped"));
        assert_eq!(
            doc.get("n"),
            Some(&Doc::Arr(vec![
                Doc::Num(1u64.into()),
                Doc::Num((-2i64).into()),
                Doc::Num(Number::from_f64(2.5).unwrap()),
                Doc::Null,
                Doc::Bool(true)
            ]))
        );
    }

    #[test]
    fn repeated_names_and_trailing_text_are_refused() {
        assert!(parse(br#"{"a": 1, "a": 2}"#).is_none());
        let many: String = (0..20).map(|i| format!("\"k{i}\": 0,")).collect();
        assert!(parse(format!("{{{many} \"k3\": 1}}").as_bytes()).is_none());
        assert!(parse(format!("{{{many} \"z\": 1}}").as_bytes()).is_some());
        assert!(parse(b"{} x").is_none());
        assert!(parse(b"{\"a\": }").is_none());
    }
}
