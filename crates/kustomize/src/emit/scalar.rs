//! Scalar styles: when a string may stay plain, when it needs single or
//! double quotes, and how block scalars are written.

use std::sync::LazyLock;

use regex::Regex;

static INT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$").ok());
static FLOAT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$").ok());
static BASE60: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$").ok());

fn re_match(re: &LazyLock<Option<Regex>>, s: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(s))
}

/// True when a plain scalar with this text would not read back as a string.
pub fn needs_quotes(s: &str) -> bool {
    matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "y"
            | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | ".nan"
            | ".NaN"
            | ".NAN"
    ) || re_match(&INT, s)
        || re_match(&FLOAT, s)
        || re_match(&BASE60, s)
        || crate::yaml::Timestamp::parse(s).is_some()
}

/// go-yaml v2's `is_printable`: tabs, carriage returns and characters
/// outside the Basic Multilingual Plane are not.
pub(crate) fn is_printable(c: char) -> bool {
    c == '\n'
        || (' '..='~').contains(&c)
        || ('\u{a0}'..='\u{d7ff}').contains(&c)
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
}

struct Analysis {
    plain: bool,
    single: bool,
    block: bool,
    multiline: bool,
}

fn analyze(s: &str) -> Analysis {
    let mut a = Analysis {
        plain: true,
        single: true,
        block: true,
        multiline: false,
    };
    if s.is_empty() {
        a.plain = false;
        return a;
    }
    if s.starts_with("---") || s.starts_with("...") {
        a.plain = false;
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let blank = |i: usize| i >= n || matches!(chars[i], ' ' | '\t' | '\n' | '\r');
    let (mut space_break, mut break_space, mut special) = (false, false, false);
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                a.plain = false;
            }
            if (c == '?' || c == ':' || c == '-') && blank(i + 1) {
                a.plain = false;
            }
        } else {
            if c == ':' && blank(i + 1) {
                a.plain = false;
            }
            if c == '#' && matches!(chars[i - 1], ' ' | '\t') {
                a.plain = false;
            }
        }
        if !is_printable(c) || c == '\u{feff}' {
            special = true;
        }
        if c == '\n' || c == '\r' {
            a.multiline = true;
            if i > 0 && chars[i - 1] == ' ' {
                space_break = true;
            }
            if i + 1 < n && chars[i + 1] == ' ' {
                break_space = true;
            }
        }
    }
    let leading_space = chars[0] == ' ';
    let trailing_space = chars[n - 1] == ' ';
    let leading_break = chars[0] == '\n';
    let trailing_break = chars[n - 1] == '\n';
    if leading_space || leading_break || trailing_space || trailing_break {
        a.plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.plain = false;
        a.single = false;
    }
    if space_break || special {
        a.plain = false;
        a.single = false;
        a.block = false;
    }
    if a.multiline {
        a.plain = false;
    }
    a
}

/// A mapping key.
pub fn key(s: &str) -> String {
    let a = analyze(s);
    if a.multiline || !a.single && !a.plain {
        return double(s);
    }
    if needs_quotes(s) {
        return double(s);
    }
    if a.plain { s.to_string() } else { single(s) }
}

/// A string value; `indent` is the indentation of block scalar content.
pub fn string(s: &str, indent: usize) -> String {
    string_at(s, indent, usize::MAX / 2)
}

/// Longest line go-yaml v2 writes before folding a flow scalar at a space.
const BEST_WIDTH: usize = 80;

/// A string value starting at column `col`; long flow scalars fold at spaces
/// onto lines indented by `indent`.
pub fn string_at(s: &str, indent: usize, col: usize) -> String {
    let a = analyze(s);
    if a.multiline {
        if a.block {
            return literal(s, indent);
        }
        return fold_double(s, indent, col);
    }
    if needs_quotes(s) {
        return fold_double(s, indent, col);
    }
    if a.plain {
        fold_plain(s, indent, col)
    } else if a.single {
        fold_single(s, indent, col)
    } else {
        fold_double(s, indent, col)
    }
}

fn newline(out: &mut String, indent: usize) -> usize {
    out.push('\n');
    for _ in 0..indent {
        out.push(' ');
    }
    indent
}

fn fold_plain(s: &str, indent: usize, mut col: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if !spaces && col > BEST_WIDTH && !next_space {
                col = newline(&mut out, indent);
            } else {
                out.push(c);
                col += 1;
            }
            spaces = true;
        } else {
            out.push(c);
            col += 1;
            spaces = false;
        }
    }
    out
}

fn fold_single(s: &str, indent: usize, mut col: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("'");
    col += 1;
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if !spaces && col > BEST_WIDTH && i != 0 && i + 1 != chars.len() && !next_space {
                col = newline(&mut out, indent);
            } else {
                out.push(c);
                col += 1;
            }
            spaces = true;
        } else {
            if c == '\'' {
                out.push('\'');
                col += 1;
            }
            out.push(c);
            col += 1;
            spaces = false;
        }
    }
    out.push('\'');
    out
}

fn fold_double(s: &str, indent: usize, mut col: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("\"");
    if s.starts_with('\u{feff}') {
        // go-yaml v2's BOM test looks at the start of the string, not at
        // the current character: after a leading BOM everything is escaped.
        s.chars().for_each(|c| out.push_str(&escape_always(c)));
        out.push('"');
        return out;
    }
    col += 1;
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            if !spaces && col > BEST_WIDTH && i != 0 && i + 1 != chars.len() {
                col = newline(&mut out, indent);
                if chars.get(i + 1) == Some(&' ') {
                    out.push('\\');
                    col += 1;
                }
            } else {
                out.push(c);
                col += 1;
            }
            spaces = true;
        } else {
            let esc = escape(c);
            col += esc.chars().count();
            out.push_str(&esc);
            spaces = false;
        }
    }
    out.push('"');
    out
}

fn escape(c: char) -> String {
    match c {
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        '\0' => "\\0".into(),
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\u{b}' => "\\v".into(),
        '\u{c}' => "\\f".into(),
        '\u{1b}' => "\\e".into(),
        '\u{85}' => "\\N".into(),
        '\u{2028}' => "\\L".into(),
        '\u{2029}' => "\\P".into(),
        c if !is_printable(c) || c == '\u{feff}' => escape_code(c),
        c => c.to_string(),
    }
}

/// `escape` for a character go-yaml escapes even when printable.
fn escape_always(c: char) -> String {
    let e = escape(c);
    if e.starts_with('\\') {
        e
    } else {
        escape_code(c)
    }
}

fn escape_code(c: char) -> String {
    let v = c as u32;
    if v <= 0xff {
        format!("\\x{v:02X}")
    } else if v <= 0xffff {
        format!("\\u{v:04X}")
    } else {
        format!("\\U{v:08X}")
    }
}

fn literal(s: &str, indent: usize) -> String {
    let mut head = String::from("|");
    if s.starts_with(' ') || s.starts_with('\n') {
        head.push('2');
    }
    let trailing = s.len() - s.trim_end_matches('\n').len();
    match trailing {
        0 => head.push('-'),
        1 if s.len() > 1 => {}
        _ => head.push('+'),
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    let mut out = head;
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            for _ in 0..indent {
                out.push(' ');
            }
            out.push_str(line);
        }
    }
    out
}

fn single(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn double(s: &str) -> String {
    let mut out = String::from("\"");
    s.chars().for_each(|c| out.push_str(&escape(c)));
    out.push('"');
    out
}

/// A number as kustomize prints it: its JSON step writes floats with Go's
/// `encoding/json` (integral values as integers), and go-yaml v2 reads that
/// back and writes the remaining floats with `strconv.FormatFloat(f, 'g', -1)`.
pub fn number(n: &serde_yaml::Number) -> String {
    let Some(f) = n.as_f64().filter(|_| n.is_f64()) else {
        return n.to_string();
    };
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        // Go's JSON writes these without a fraction; go-yaml reads them back
        // as integers when they fit 64 bits.
        let text = format!("{}", f.abs());
        let fits = text.parse::<u64>().is_ok_and(|u| f >= 0.0 || u <= 1 << 63);
        if fits {
            return if f < 0.0 && text != "0" {
                format!("-{text}")
            } else {
                text
            };
        }
    }
    go_format_g(f)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
fn go_format_g(f: f64) -> String {
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
}
