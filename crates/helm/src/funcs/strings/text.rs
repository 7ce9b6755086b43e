//! Sprig's text shaping on Go's terms: `strconv.Quote`, `strings.Title`, and
//! goutils' byte-wise `Abbreviate`/`Wrap`/`SwapCase`/`Uncapitalize`.

/// Go's `s[a:b]` on bytes; a cut inside a character becomes U+FFFD like Go's
/// later conversion of the invalid bytes would print.
pub(super) fn bytes(src: &str, a: usize, b: usize) -> String {
    String::from_utf8_lossy(&src.as_bytes()[a..b]).into_owned()
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    go_quote_into(&mut out, text);
    out
}

/// Go's `strconv.QuoteRune` (`%q` of a rune): single quotes, in which `'`
/// is escaped and `"` is not.
pub(crate) fn go_quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_owned(),
        '"' => "'\"'".to_owned(),
        c => {
            let quoted = go_quote(c.encode_utf8(&mut [0; 4]));
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}

/// [`go_quote`] appended to `out`.
pub(crate) fn go_quote_into(out: &mut String, text: &str) {
    out.push('"');
    quote_body(out, text);
    out.push('"');
}

/// Go's `strconv.Quote` of a string that is not UTF-8 (a binary file's
/// content): each byte outside a valid sequence is written as `\xNN`.
pub(crate) fn go_quote_bytes_into(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        quote_body(out, chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
}

fn quote_body(out: &mut String, text: &str) {
    // Common case: printable ASCII that needs no escape.
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if !go_is_print(c) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
}

/// An approximation of Go's `unicode.IsPrint` for characters outside ASCII.
pub(crate) fn go_is_print(c: char) -> bool {
    let v = c as u32;
    !(c.is_control()
        || (c != ' ' && c.is_whitespace())
        || (0x80..0xA0).contains(&v)
        || v == 0xAD
        || (0x2028..=0x202E).contains(&v)
        || (0x200B..=0x200F).contains(&v)
        || (0x2060..=0x206F).contains(&v)
        || v == 0xFEFF
        || (0xFFF9..=0xFFFB).contains(&v)
        || (0xE000..=0xF8FF).contains(&v)
        || (v & 0xFFFE) == 0xFFFE
        || (0xD800..=0xDFFF).contains(&v))
}

/// `strings.Title`: upper-case the first letter of every word.
pub(super) fn title(text: &str) -> String {
    let mut prev = ' ';
    text.chars()
        .map(|c| {
            let sep = is_separator(prev);
            prev = c;
            if sep {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphanumeric() {
        return false;
    }
    c.is_whitespace()
}

/// goutils' `Uncapitalize`: lower-case the first letter after whitespace.
pub(super) fn untitle(text: &str) -> String {
    let mut at_start = true;
    text.chars()
        .map(|c| {
            let out = if at_start {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c
            };
            at_start = c.is_whitespace();
            out
        })
        .collect()
}

/// goutils' `SwapCase`.
pub(super) fn swapcase(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().next().unwrap_or(c)
            } else if c.is_lowercase() {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils' `AbbreviateFull`, on bytes like Go.
pub(super) fn abbreviate(text: &str, offset: usize, max_width: usize) -> String {
    let len = text.len();
    if text.is_empty() || len <= max_width {
        return text.to_string();
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        return format!("{}...", bytes(text, 0, max_width - 3));
    }
    if max_width < 7 {
        return String::new();
    }
    if offset + max_width - 3 < len {
        return format!(
            "...{}",
            abbreviate(&bytes(text, offset, len), 0, max_width - 3)
        );
    }
    format!("...{}", bytes(text, len - (max_width - 3), len))
}

/// goutils' `WrapCustom`, on bytes like Go.
pub(super) fn wrap_custom(text: &str, width: i64, newline: &str, wrap_long: bool) -> String {
    if text.is_empty() {
        return String::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = width.max(1) as usize;
    let b = text.as_bytes();
    let len = b.len();
    let mut offset = 0;
    let mut out: Vec<u8> = Vec::new();
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = (width + offset + 1).min(len);
        let space = b[offset..end].iter().rposition(|&c| c == b' ');
        if let Some(space) = space.map(|p| p + offset) {
            out.extend_from_slice(&b[offset..space]);
            out.extend_from_slice(newline.as_bytes());
            offset = space + 1;
        } else if wrap_long {
            out.extend_from_slice(&b[offset..offset + width]);
            out.extend_from_slice(newline.as_bytes());
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(i) => {
                    out.extend_from_slice(&b[offset..i + end]);
                    out.extend_from_slice(newline.as_bytes());
                    offset = i + end + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    String::from_utf8_lossy(&out).into_owned()
}
