//! A block scalar (`|`, `>`) that ends a text read as given. libyaml, which
//! `yaml.Unmarshal` (`fromYaml`) runs on the text, ends its last line there:
//! no final newline (`"b: |\n  y"` is `"y"`), and a `|+` without content
//! keeps only the line breaks of its empty lines. yaml-rust2 reads the last
//! line as if a line break followed it and keeps the header's own line
//! break; this turns its value into libyaml's.

/// Where yaml-rust2 put a block scalar that is the last node of a text.
#[derive(Clone, Copy)]
pub(super) struct BlockScalar {
    /// Byte where its event starts: the first content character, or the
    /// header when there is no content.
    pub(super) at: usize,
    /// The column of `at`: the indentation, when there is content.
    pub(super) column: usize,
    /// The column of the block collection holding it.
    pub(super) parent: usize,
}

/// Chomping indicator of a block scalar header.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// The value libyaml gives the block scalar `block` that yaml-rust2 read
/// as `value`; `None` when they agree or the text is one this does not
/// judge (line breaks other than `\n`, tabs).
pub(super) fn libyaml_value(text: &str, block: BlockScalar, value: &str) -> Option<String> {
    if text.contains(['\r', '\t']) {
        return None;
    }
    let blank = |l: &str| l.bytes().all(|b| b == b' ');
    let spaces = |l: &str| l.len() - l.trim_start_matches(' ').len();
    if value.bytes().all(|b| b == b'\n') {
        // No content: the event starts at the header.
        let (chomp, increment) = header(text.get(block.at..)?)?;
        let body = &text[block.at + text[block.at..].find('\n')? + 1..];
        let lines: Vec<&str> = body.split('\n').collect();
        let indent = increment.map(|i| block.parent + i);
        let empty = |l: &str| blank(l) && indent.is_none_or(|i| l.len() <= i);
        if chomp != Chomp::Keep || !lines.iter().all(|l| empty(l)) {
            return None;
        }
        let breaks = lines.len() - 1;
        return (value.len() != breaks).then(|| "\n".repeat(breaks));
    }
    if text.ends_with('\n') {
        return None;
    }
    let indent = block.column;
    let content_line = block.at.checked_sub(indent)?;
    // The header ends the last non-blank line before the first content line.
    let before = text.get(..content_line)?.trim_end_matches([' ', '\n']);
    let header_line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let (chomp, _) = header_in(header_line)?;
    let lines: Vec<&str> = text[content_line..].split('\n').collect();
    // The scalar runs to the end of the text unless a less indented,
    // non-blank line ends it first.
    if lines.iter().any(|l| !blank(l) && spaces(l) < indent) {
        return None;
    }
    let last = lines.last()?;
    // yaml-rust2 adds a line break at the end when the last line reaches
    // the indentation; libyaml adds none.
    (chomp != Chomp::Strip && last.len() >= indent.max(1))
        .then(|| value.strip_suffix('\n').map(str::to_string))
        .flatten()
}

/// The header of a block scalar's first line: the first `|` or `>` after
/// a space (or at the start) followed by its indicators and then nothing
/// but spaces or a comment.
fn header_in(line: &str) -> Option<(Chomp, Option<usize>)> {
    line.char_indices()
        .filter(|&(i, c)| matches!(c, '|' | '>') && (i == 0 || line[..i].ends_with(' ')))
        .find_map(|(i, _)| header(&line[i..]))
}

/// The chomping and explicit indentation of the header at the start of
/// `text`, when only spaces or a comment follow it on its line.
fn header(text: &str) -> Option<(Chomp, Option<usize>)> {
    let rest = text.strip_prefix(['|', '>'])?;
    let mut chomp = Chomp::Clip;
    let mut increment = None;
    let mut taken = 0;
    for b in rest.bytes().take(2) {
        match b {
            b'-' if chomp == Chomp::Clip => chomp = Chomp::Strip,
            b'+' if chomp == Chomp::Clip => chomp = Chomp::Keep,
            b'1'..=b'9' if increment.is_none() => increment = Some(usize::from(b - b'0')),
            _ => break,
        }
        taken += 1;
    }
    let after = &rest[taken..];
    let line = &after[..after.find('\n').unwrap_or(after.len())];
    let trailer = line.trim_start_matches(' ');
    let ok = trailer.is_empty() || (trailer.starts_with('#') && line.starts_with(' '));
    ok.then_some((chomp, increment))
}

#[cfg(test)]
mod tests {
    use super::{BlockScalar, header_in, libyaml_value};

    /// The block scalar of `text` as yaml-rust2 marks it (`text` has its
    /// header on the first line, in a mapping at column 0).
    fn fixed(text: &str, value: &str) -> Option<String> {
        let body = text.find('\n').map_or(text.len(), |i| i + 1);
        let content = text[body..]
            .split('\n')
            .scan(body, |at, l| {
                let here = *at;
                *at += l.len() + 1;
                Some((here, l))
            })
            .find(|(_, l)| !l.trim().is_empty());
        let block = match content {
            Some((at, l)) if value.bytes().any(|b| b != b'\n') => {
                let column = l.len() - l.trim_start().len();
                BlockScalar {
                    at: at + column,
                    column,
                    parent: 0,
                }
            }
            _ => {
                let at = text.find(['|', '>']).unwrap();
                BlockScalar {
                    at,
                    column: at,
                    parent: 0,
                }
            }
        };
        libyaml_value(text, block, value)
    }

    #[test]
    fn drops_the_line_break_yaml_rust2_adds_at_the_end() {
        assert_eq!(fixed("b: |\n  y", "y\n").as_deref(), Some("y"));
        assert_eq!(fixed("b: >+ # c\n  y", "y\n").as_deref(), Some("y"));
        assert_eq!(fixed("b: |-\n  y", "y"), None);
        assert_eq!(fixed("b: |\n  y\n  ", "y\n\n").as_deref(), Some("y\n"));
        assert_eq!(fixed("b: |\n  y\n ", "y\n"), None);
        assert_eq!(fixed("b: |\n  y\n   ", "y\n \n").as_deref(), Some("y\n "));
        assert_eq!(fixed("b: |\n  y\n# c", "y\n"), None);
        assert_eq!(fixed("b: |\n  y\n", "y\n"), None);
        assert_eq!(fixed("b: |2\n    y", "  y\n").as_deref(), Some("  y"));
    }

    #[test]
    fn keeps_only_empty_lines_of_a_scalar_without_content() {
        assert_eq!(fixed("b: |+\n  ", "\n").as_deref(), Some(""));
        assert_eq!(fixed("b: |+\n", "\n").as_deref(), Some(""));
        assert_eq!(fixed("b: |+\n\n  ", "\n"), None);
        assert_eq!(fixed("b: |\n", ""), None);
    }

    #[test]
    fn finds_the_header_after_the_key() {
        assert!(header_in("a|b: |+ # x|").is_some());
        assert!(header_in("a|b: x|").is_none());
        assert!(header_in("- >-").is_some());
    }
}
