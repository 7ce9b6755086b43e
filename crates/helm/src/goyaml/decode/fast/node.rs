//! What the fast reader builds: the [`Raw`] tree the decoder converts, or the
//! final `encoding/json` values directly (values files), with no tree in
//! between. The direct build gives up (`None`) wherever the conversion would
//! fail, so errors still come from the tree path.

use serde_json::Value as Jv;

use super::super::json::scalar;
use super::super::{Raw, Scalar, key_text_of, resolve};

/// A node the fast reader can build from scalars and collections.
pub(in super::super) trait Node: Clone {
    /// A mapping key.
    type Key;
    /// A plain scalar, resolved as go-yaml v2 does.
    fn plain(text: &str) -> Option<Self>;
    /// A plain scalar the reader had to assemble (a multi-line one).
    fn plain_owned(text: String) -> Option<Self>;
    /// A quoted or block scalar: always the text itself.
    fn text(text: String) -> Self;
    /// A plain mapping key.
    fn plain_key(text: &str) -> Option<Self::Key>;
    /// A quoted mapping key.
    fn text_key(text: String) -> Self::Key;
    /// A sequence.
    fn seq(items: Vec<Self>) -> Self;
    /// A mapping, its entries in the order read.
    fn map(entries: Vec<(Self::Key, Self)>) -> Option<Self>;
}

impl Node for Raw {
    type Key = Raw;

    fn plain(text: &str) -> Option<Self> {
        Self::plain_owned(text.to_string())
    }

    fn plain_owned(value: String) -> Option<Self> {
        Some(Raw::Scalar {
            value,
            plain: true,
            tag: None,
        })
    }

    fn text(value: String) -> Self {
        Raw::Scalar {
            value,
            plain: false,
            tag: None,
        }
    }

    fn plain_key(text: &str) -> Option<Self> {
        Self::plain(text)
    }

    fn text_key(text: String) -> Self {
        Self::text(text)
    }

    fn seq(items: Vec<Self>) -> Self {
        Raw::Seq(items)
    }

    fn map(entries: Vec<(Self, Self)>) -> Option<Self> {
        Some(Raw::Map(entries))
    }
}

/// A mapping key of a values file: its text, or a `<<` merge.
pub(in super::super) enum JsonKey {
    Text(String),
    Merge,
}

impl Node for Jv {
    type Key = JsonKey;

    fn plain(text: &str) -> Option<Self> {
        scalar(text, true, None).ok()
    }

    fn plain_owned(text: String) -> Option<Self> {
        match resolve(&text, true, None).ok()? {
            Scalar::Text => Some(Jv::String(text)),
            _ => Self::plain(&text),
        }
    }

    fn text(text: String) -> Self {
        Jv::String(text)
    }

    fn plain_key(text: &str) -> Option<JsonKey> {
        if text == "<<" {
            return Some(JsonKey::Merge);
        }
        key_text_of(text, true, None).ok().map(JsonKey::Text)
    }

    fn text_key(text: String) -> JsonKey {
        JsonKey::Text(text)
    }

    fn seq(items: Vec<Self>) -> Self {
        Jv::Array(items)
    }

    fn map(entries: Vec<(JsonKey, Self)>) -> Option<Self> {
        let mut out = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match k {
                JsonKey::Text(k) => out.push((k, v)),
                JsonKey::Merge => merge(&mut out, v)?,
            }
        }
        // As the tree's conversion: sorted keys, a repeated key's later
        // value replacing the earlier one.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Some(Jv::Object(out.into_iter().collect()))
    }
}

/// The entries a `<<` value merges (see `for_each_merged`): a map's, or the
/// maps' of a list, last first; `None` where the tree's merge fails.
fn merge(out: &mut Vec<(String, Jv)>, v: Jv) -> Option<()> {
    match v {
        Jv::Object(m) => out.extend(m),
        Jv::Array(items) => {
            for item in items.into_iter().rev() {
                merge(out, item)?;
            }
        }
        _ => return None,
    }
    Some(())
}
