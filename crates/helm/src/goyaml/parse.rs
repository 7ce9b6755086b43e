//! JSON text into template values as `json.Unmarshal` into `interface{}` builds
//! them (every number a float64), and Go's type checks on the result.

use std::sync::Arc;

use crate::engine::value::Value;
use crate::funcs::go_quote_rune;

fn from_json_value(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::String(s.into()),
        serde_json::Value::Array(a) => Value::List(a.into_iter().map(from_json_value).collect()),
        serde_json::Value::Object(o) => Value::map(
            o.into_iter()
                .map(|(k, v)| (Arc::from(k), from_json_value(v)))
                .collect(),
        ),
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "array",
        Value::Map(_) => "object",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// JSON text as a template value.
///
/// # Errors
/// The parser's message when the text is not JSON.
pub fn from_json(text: &str) -> Result<Value, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(from_json_value)
        .map_err(|e| go_json_error(text, &e))
}

/// serde_json's syntax failures and where Go's scanner says it was when it
/// met the offending character.
const SYNTAX_CONTEXTS: [(&str, &str); 8] = [
    ("expected value", "looking for beginning of value"),
    ("trailing characters", "after top-level value"),
    (
        "key must be a string",
        "looking for beginning of object key string",
    ),
    ("expected `:`", "after object key"),
    ("expected `,` or `}`", "after object key:value pair"),
    ("expected `,` or `]`", "after array element"),
    ("control character", "in string literal"),
    ("invalid escape", "in string escape code"),
];

/// `encoding/json`'s wording for the common syntax errors (charts show the
/// message: `fromJson` returns it under `Error`); serde's for the rest.
pub(crate) fn go_json_error(text: &str, e: &serde_json::Error) -> String {
    if e.is_eof() {
        // Go's scanner ends the input with a space: a number cut short fails
        // on it.
        if let Some(context) = number_state(text) {
            return format!("invalid character ' ' {context}");
        }
        return truncated_literal(text)
            .unwrap_or_else(|| "unexpected end of JSON input".to_string());
    }
    let message = e.to_string();
    let line: Vec<char> = text
        .lines()
        .nth(e.line().saturating_sub(1))
        .unwrap_or("")
        .chars()
        .collect();
    let at = e.column().saturating_sub(1);
    // serde places a line break at column 0 of the next line.
    let offending = if e.column() == 0 && e.line() > 1 {
        Some('\n')
    } else {
        line.get(at).copied()
    };
    if message.starts_with("expected ident")
        && let Some(c) = offending
    {
        // Inside true/false/null: Go names the literal and the letter it wanted.
        let start = line[..at]
            .iter()
            .rposition(|c| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let literal = match line.get(start) {
            Some('t') => "true",
            Some('f') => "false",
            _ => "null",
        };
        if let Some(want) = literal.chars().nth(at - start) {
            return format!(
                "invalid character {} in literal {literal} (expecting {})",
                go_quote_rune(c),
                go_quote_rune(want)
            );
        }
    }
    let context = if let Some((_, go)) = SYNTAX_CONTEXTS
        .iter()
        .find(|(serde, _)| message.starts_with(serde))
    {
        go
    } else if message.starts_with("trailing comma") {
        // The `}` or `]` after the comma, where Go wanted a key or a value.
        match offending {
            Some('}') => "looking for beginning of object key string",
            _ => "looking for beginning of value",
        }
    } else if message.starts_with("invalid number")
        && let Some(context) = line
            .get(..at)
            .and_then(|before| number_state(&before.iter().collect::<String>()))
    {
        context
    } else {
        return message;
    };
    match offending {
        Some(c) => format!("invalid character {} {context}", go_quote_rune(c)),
        None => message,
    }
}

/// Where Go's number scanner stands at the end of `text` when that end is
/// inside a number it cannot finish: after a sign, a decimal point or an
/// exponent mark.
fn number_state(text: &str) -> Option<&'static str> {
    let token_start = text
        .rfind(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
        .map_or(0, |i| i + 1);
    let token = &text[token_start..];
    if !token.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return None;
    }
    match token.chars().last()? {
        '-' if token.len() == 1 => Some("in numeric literal"),
        '.' => Some("after decimal point in numeric literal"),
        'e' | 'E' | '+' | '-' => Some("in exponent of numeric literal"),
        _ => None,
    }
}

/// Go's scanner feeds a space at the end of the input: a cut-off `true`,
/// `false` or `null` fails on that space rather than at the end.
fn truncated_literal(text: &str) -> Option<String> {
    let word_start = text
        .rfind(|c: char| !c.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let word = &text[word_start..];
    let literal = ["true", "false", "null"]
        .into_iter()
        .find(|l| !word.is_empty() && word.len() < l.len() && l.starts_with(word))?;
    // Not inside a string: an even number of unescaped quotes before it.
    let quotes = text[..word_start]
        .char_indices()
        .filter(|(i, c)| *c == '"' && !text[..*i].ends_with('\\'))
        .count();
    if quotes % 2 == 1 {
        return None;
    }
    let want = literal.chars().nth(word.len())?;
    Some(format!(
        "invalid character ' ' in literal {literal} (expecting {})",
        go_quote_rune(want)
    ))
}

/// Expect a map (nil becomes an empty map), naming what was found otherwise, as
/// decoding into `map[string]interface{}` does.
///
/// # Errors
/// Go's message when `v` is not a map.
pub fn parse_expect_map(v: Value) -> Result<Value, String> {
    let go_type = "map[string]interface {}";
    match v {
        Value::Map(_) => Ok(v),
        Value::Nil => Ok(Value::map(Default::default())),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type {go_type}",
            kind_name(&other)
        )),
    }
}

/// Expect a list (nil becomes an empty list), naming what was found otherwise.
///
/// # Errors
/// Go's message when `v` is not a list.
pub fn parse_expect_list(v: Value) -> Result<Value, String> {
    match v {
        Value::List(_) => Ok(v),
        Value::Nil => Ok(Value::List(Vec::new().into())),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            kind_name(&other)
        )),
    }
}
