//! Case conversions as Sprig's libraries do them: huandu/xstrings v1.5
//! (`snakecase`, `kebabcase`: word splitting at case changes, numbers and
//! connectors; `camelcase` is its `ToPascalCase`) and Masterminds/goutils (`initials`, byte-wise).

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || c.is_whitespace()
}

/// Go's `unicode.IsPunct` (ASCII exactly; common non-ASCII punctuation blocks).
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return "!\"#%&'()*,-./:;?@[\\]_{}".contains(c);
    }
    let v = c as u32;
    matches!(v, 0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF)
        || (0x2010..=0x2027).contains(&v)
        || (0x2030..=0x205E).contains(&v)
        || (0x3001..=0x3003).contains(&v)
        || (0x3008..=0x3011).contains(&v)
        || (0xFF01..=0xFF0F).contains(&v)
}

/// xstrings' `isAlphabet`: a letter that is not a CJK ideograph.
fn is_alphabet(c: char) -> bool {
    if !c.is_alphabetic() {
        return false;
    }
    let v = c as u32;
    !((0x4E00..=0x9FCC).contains(&v)
        || (0x3400..=0x4D85).contains(&v)
        || (0x20000..=0x2A6D6).contains(&v)
        || (0x2A700..=0x2B734).contains(&v)
        || (0x2B740..=0x2B81D).contains(&v))
}

/// xstrings' `nextWord`: the type of the next word, the word and the rest.
fn next_word(s: &str) -> (Word, &str, &str) {
    let mut it = s.char_indices().peekable();
    let Some((_, first)) = it.next() else {
        return (Word::Invalid, "", "");
    };
    let mut end = first.len_utf8();
    let take_while = |end: &mut usize, pred: &dyn Fn(char) -> bool| {
        for c in s[*end..].chars() {
            if !pred(c) {
                break;
            }
            *end += c.len_utf8();
        }
    };
    let wt = if is_connector(first) {
        take_while(&mut end, &is_connector);
        Word::Connector
    } else if is_punct(first) {
        take_while(&mut end, &is_punct);
        Word::Punct
    } else if first.is_uppercase() {
        match s[end..].chars().next() {
            None => {}
            Some(c) if c.is_uppercase() => {
                let mut prev_size = c.len_utf8();
                end += prev_size;
                let mut last = None;
                for c in s[end..].chars() {
                    if !c.is_uppercase() {
                        last = Some(c);
                        break;
                    }
                    prev_size = c.len_utf8();
                    end += prev_size;
                }
                // "HTTPStatus" splits into "HTTP" and "Status".
                if last.is_some_and(is_alphabet) {
                    end -= prev_size;
                }
            }
            Some(c) if is_alphabet(c) => {
                end += c.len_utf8();
                take_while(&mut end, &|c| is_alphabet(c) && !c.is_uppercase());
            }
            Some(_) => {}
        }
        Word::Upper
    } else if is_alphabet(first) {
        take_while(&mut end, &|c| is_alphabet(c) && !c.is_uppercase());
        Word::Alphabet
    } else if first.is_numeric() {
        take_while(&mut end, &char::is_numeric);
        Word::Number
    } else {
        take_while(&mut end, &|c| {
            !(is_connector(c) || is_alphabet(c) || c.is_numeric() || is_punct(c))
        });
        Word::Other
    };
    let _ = it.peek();
    (wt, &s[..end], &s[end..])
}

fn to_lower(buf: &mut String, wt: Word, word: &str, connector: char) {
    if wt != Word::Upper && wt != Word::Connector {
        buf.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            buf.push(connector);
        } else if c.is_uppercase() {
            buf.extend(c.to_lowercase());
        } else {
            buf.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase` (`ToSnakeCase` with `_`, `ToKebabCase` with `-`).
pub(super) fn delimited(s: &str, connector: char) -> String {
    let mut buf = String::new();
    if s.is_empty() {
        return buf;
    }
    let (mut wt, mut word, mut rest) = next_word(s);
    while !rest.is_empty() {
        if wt != Word::Connector {
            to_lower(&mut buf, wt, word, connector);
        }
        let (prev, last) = (wt, word);
        (wt, word, rest) = next_word(rest);
        match prev {
            Word::Number => {
                while wt == Word::Alphabet || wt == Word::Number {
                    to_lower(&mut buf, wt, word, connector);
                    (wt, word, rest) = next_word(rest);
                }
                if !matches!(wt, Word::Invalid | Word::Punct | Word::Connector) {
                    buf.push(connector);
                }
            }
            Word::Connector => to_lower(&mut buf, prev, last, connector),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        buf.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let num = word;
                (wt, word, rest) = next_word(rest);
                // A number glued to the previous word stays with it ("Bld4Floor").
                if wt != Word::Alphabet {
                    to_lower(&mut buf, Word::Number, num, connector);
                    if wt != Word::Connector && wt != Word::Punct {
                        buf.push(connector);
                    }
                    continue;
                }
                // Lower-case letters after a number start a new word ("HTTP2xx").
                buf.push(connector);
                to_lower(&mut buf, Word::Number, num, connector);
                while wt == Word::Alphabet || wt == Word::Number {
                    to_lower(&mut buf, wt, word, connector);
                    (wt, word, rest) = next_word(rest);
                }
                if !matches!(wt, Word::Invalid | Word::Connector | Word::Punct) {
                    buf.push(connector);
                }
            }
        }
    }
    to_lower(&mut buf, wt, word, connector);
    buf
}

/// xstrings v1.5's `ToPascalCase` (Sprig's `camelcase`): connectors dropped and
/// the next letter upper-cased; a word that starts upper-case has the rest of
/// its leading capitals lower-cased (`HTTPServer` → `Httpserver`), other letters
/// keep their case; leading connectors and connector runs stay.
pub(super) fn camel(s: &str) -> String {
    let mut buf = String::new();
    let mut chars = s.chars();
    let mut r0 = None;
    let mut first_upper = false;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_upper = c.is_uppercase();
            r0 = Some(c.to_uppercase().next().unwrap_or(c));
            break;
        }
        buf.push(c);
    }
    let Some(mut r0) = r0 else { return buf };
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            buf.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = r0.is_uppercase();
            r0 = r0.to_uppercase().next().unwrap_or(r0);
        } else {
            if first_upper {
                if r0.is_uppercase() {
                    r0 = r0.to_lowercase().next().unwrap_or(r0);
                } else {
                    first_upper = false;
                }
            }
            buf.push(r1);
        }
    }
    buf.push(r0);
    buf
}

/// goutils' `Initials`: the first byte of every whitespace-separated word, each
/// byte taken as a character (so `Ü` gives `Ã`, as in Go).
pub(super) fn initials(s: &str) -> String {
    let mut out = String::new();
    let mut gap = true;
    for &b in s.as_bytes() {
        let c = char::from(b);
        if c.is_whitespace() {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    out
}
