//! Go's RE2 dialect rewritten for the `regex` crate: Go's `\d`, `\w`, `\s`, `\b`
//! are ASCII-only (Rust's are Unicode), a `-` next to a class escape inside `[...]`
//! is a literal in Go, `\Q...\E` quotes, `{` that starts no repetition is a
//! literal, and `[`, `&`, `~` inside a class are plain characters in Go but
//! nesting or set operators in Rust.

fn ascii_class(c: char, in_class: bool) -> Option<&'static str> {
    Some(match (c, in_class) {
        ('d', false) => "[0-9]",
        ('D', false) => "[^0-9]",
        ('w', false) => "[0-9A-Za-z_]",
        ('W', false) => "[^0-9A-Za-z_]",
        ('s', false) => r"[\t\n\f\r ]",
        ('S', false) => r"[^\t\n\f\r ]",
        ('d', true) => "0-9",
        ('D', true) => "[^0-9]",
        ('w', true) => "0-9A-Za-z_",
        ('W', true) => "[^0-9A-Za-z_]",
        ('s', true) => r"\t\n\f\r ",
        ('S', true) => r"[^\t\n\f\r ]",
        _ => return None,
    })
}

/// Whether `chars[i..]` (just after `{`) is a Go repetition `n}`, `n,}` or `n,m}`.
fn is_repetition(chars: &[char], i: usize) -> bool {
    let mut j = i;
    let digits = |j: &mut usize| {
        let start = *j;
        while *j < chars.len() && chars[*j].is_ascii_digit() {
            *j += 1;
        }
        *j > start
    };
    if !digits(&mut j) {
        return false;
    }
    if chars.get(j) == Some(&',') {
        j += 1;
        digits(&mut j);
    }
    chars.get(j) == Some(&'}')
}

fn push_literal(out: &mut String, c: char) {
    if regex::escape(&c.to_string()) != c.to_string() || matches!(c, '&' | '~' | '-') {
        out.push('\\');
    }
    out.push(c);
}

/// Rewrite a Go regular expression into an equivalent `regex` crate pattern.
pub(crate) fn go_to_rust(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut after_perl_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let was_perl_class = std::mem::replace(&mut after_perl_class, false);
        match c {
            '\\' if i + 1 < chars.len() => {
                let n = chars[i + 1];
                if n == 'Q' {
                    i += 2;
                    while i < chars.len() && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E')) {
                        push_literal(&mut out, chars[i]);
                        i += 1;
                    }
                    i += 2;
                    continue;
                }
                if let Some(cls) = ascii_class(n, in_class) {
                    out.push_str(cls);
                    after_perl_class = in_class;
                } else if !in_class && (n == 'b' || n == 'B') {
                    out.push_str(if n == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
                } else {
                    out.push(c);
                    out.push(n);
                }
                i += 2;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // A leading ']' is a literal in Go.
                if chars.get(i + 1) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
            }
            '[' if in_class => {
                let close = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == ':' && chars[j + 1] == ']');
                if chars.get(i + 1) == Some(&':')
                    && let Some(end) = close
                {
                    out.extend(&chars[i..end + 2]);
                    i = end + 2;
                    continue;
                }
                out.push_str(r"\[");
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '-' if in_class
                && (was_perl_class
                    || chars.get(i + 1).is_some_and(|n| {
                        *n == '\\'
                            && chars
                                .get(i + 2)
                                .is_some_and(|e| ascii_class(*e, true).is_some())
                    })) =>
            {
                out.push_str(r"\-");
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '{' if !in_class && !is_repetition(&chars, i + 1) => out.push_str(r"\{"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::go_to_rust;

    fn m(p: &str, s: &str) -> bool {
        regex::Regex::new(&go_to_rust(p))
            .unwrap_or_else(|e| panic!("{p} -> {}: {e}", go_to_rust(p)))
            .is_match(s)
    }

    #[test]
    fn accepts_go_patterns_rust_rejects() {
        assert!(m(r"^[\w-\.]+$", "my-master.x"));
        assert!(m(r"^[a-z\d-]+$", "a-1"));
        assert!(m(r"a{,3}", "a{,3}"));
        assert!(m(r"\Qa.b\E$", "xa.b"));
        assert!(!m(r"\Qa.b\E$", "axb"));
        assert!(m(r"[[]", "["));
        assert!(m(r"[a&&b]", "&"));
        assert!(m(r"[[:alpha:]]+", "abc"));
        assert!(m(r"x{2}", "xx"));
    }

    #[test]
    fn keeps_go_ascii_semantics() {
        assert!(!m(r"^\d$", "٣"));
        assert!(!m(r"^\w$", "é"));
        assert!(m(r"^\W$", "é"));
        assert!(!m(r"^\s$", "\u{a0}"));
        assert!(m(r"\bfoo\b", "a foo b"));
        assert!(m(r"[^\d]", "a"));
    }
}
