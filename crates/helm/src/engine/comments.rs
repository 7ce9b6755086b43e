//! Works around `gotmpl` trimming the text after `{{- /* comment */}}` (a left
//! trim marker must not trim on the right): such comments are replaced, before
//! parsing, by an action printing nothing with the same trim markers and the
//! same number of lines, so error locations stay right.

use std::borrow::Cow;

/// Rewrites left-trimmed, right-untrimmed comments; other text is untouched.
pub(crate) fn fix_left_trimmed_comments(src: &str) -> Cow<'_, str> {
    if !src.contains("{{-") || !src.contains("/*") {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    let mut changed = false;
    while let Some(i) = rest.find("{{-") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let body = after.trim_start_matches([' ', '\t', '\r', '\n']);
        let Some(comment) = body.strip_prefix("/*") else {
            out.push_str("{{-");
            rest = after;
            continue;
        };
        let Some(end) = comment.find("*/") else {
            out.push_str("{{-");
            rest = after;
            continue;
        };
        let tail = &comment[end + 2..];
        let ws = tail.len() - tail.trim_start_matches([' ', '\t', '\r', '\n']).len();
        let close = &tail[ws..];
        let right_trimmed = ws > 0 && close.starts_with("-}}");
        if right_trimmed || !close.starts_with("}}") {
            out.push_str("{{-");
            rest = after;
            continue;
        }
        let consumed = (after.len() - close.len()) + 2;
        let newlines = after[..consumed].matches('\n').count();
        out.push_str("{{- \"\"");
        out.push_str(&"\n".repeat(newlines));
        out.push_str(" }}");
        rest = &after[consumed..];
        changed = true;
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(src)
    }
}

#[cfg(test)]
mod tests {
    use super::fix_left_trimmed_comments as fix;

    #[test]
    fn replaces_only_left_trimmed_comments() {
        assert_eq!(
            fix("a\n  {{- /* c\nd */}}\n  - b"),
            "a\n  {{- \"\"\n }}\n  - b"
        );
        assert_eq!(fix("a {{- /* c */ -}} b"), "a {{- /* c */ -}} b");
        assert_eq!(fix("a {{/* c */}} b"), "a {{/* c */}} b");
        assert_eq!(fix("{{- .x }}"), "{{- .x }}");
    }
}
