//! Shell-style pattern matching in the two dialects Helm uses: Go's
//! `filepath.Match` (for `.helmignore`) and gobwas/glob with `/` as separator
//! (for `.Files.Glob`, where `**` crosses directories and `{a,b}` alternates).

/// Which dialect a pattern is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Go's `path/filepath.Match`: `*` never crosses `/`, no `**`, no braces.
    FilepathMatch,
    /// gobwas/glob with separator `/`: `**` crosses `/`, `{a,b}` alternatives.
    Gobwas,
}

/// A malformed pattern (unclosed class or brace, trailing escape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadPattern;

/// Whether `name` matches `pattern` in the given dialect.
pub(crate) fn matches(pattern: &str, name: &str, dialect: Dialect) -> Result<bool, BadPattern> {
    Ok(Pattern::new(pattern, dialect)?.matches(name))
}

/// A pattern checked once, to match many names (`.helmignore` rules are
/// matched against every file of a chart).
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    chars: Vec<char>,
    dialect: Dialect,
    /// The literal text before the first wildcard: a name not starting with it
    /// cannot match, whatever follows.
    prefix: String,
    /// What follows the prefix, when simple enough to match without the
    /// general matcher.
    rest: Rest,
}

/// The part of a pattern after its literal prefix.
#[derive(Debug, Clone)]
enum Rest {
    /// Nothing: the name must equal the prefix.
    Nothing,
    /// `*` then literal text: the name ends with the text, and what the star
    /// covers holds no `/`.
    StarThen(String),
    /// Anything else (`?`, classes, escapes, braces, several stars).
    General,
}

impl Pattern {
    /// Checks `pattern`.
    pub(crate) fn new(pattern: &str, dialect: Dialect) -> Result<Pattern, BadPattern> {
        let chars: Vec<char> = pattern.chars().collect();
        validate(&chars, dialect)?;
        let special = |c: char| {
            matches!(c, '*' | '?' | '[' | '\\') || (dialect == Dialect::Gobwas && c == '{')
        };
        let split = pattern.find(special).unwrap_or(pattern.len());
        let (prefix, tail) = pattern.split_at(split);
        let rest = match tail.strip_prefix('*') {
            None if tail.is_empty() => Rest::Nothing,
            Some(lit) if !lit.contains(special) => Rest::StarThen(lit.to_string()),
            _ => Rest::General,
        };
        Ok(Pattern {
            chars,
            dialect,
            prefix: prefix.to_string(),
            rest,
        })
    }

    /// Whether `name` matches.
    pub(crate) fn matches(&self, name: &str) -> bool {
        self.quick_match(name).unwrap_or_else(|| {
            let n: Vec<char> = name.chars().collect();
            self.matches_chars(&n)
        })
    }

    /// Whether `name` matches, when that is decided without the general
    /// matcher (`None`: ask [`Pattern::matches_chars`]).
    pub(crate) fn quick_match(&self, name: &str) -> Option<bool> {
        let Some(after) = name.strip_prefix(self.prefix.as_str()) else {
            return Some(false);
        };
        match &self.rest {
            Rest::Nothing => Some(after.is_empty()),
            Rest::StarThen(lit) => Some(
                after
                    .strip_suffix(lit.as_str())
                    .is_some_and(|star| !star.contains('/')),
            ),
            Rest::General => None,
        }
    }

    /// Whether the name whose characters are `name` matches (for a name
    /// matched against many patterns).
    pub(crate) fn matches_chars(&self, name: &[char]) -> bool {
        // The matcher backtracks over `*`; the step budget bounds pathological patterns.
        let mut budget: u32 = 1_000_000;
        match_at(&self.chars, name, self.dialect, &mut budget)
    }
}

fn validate(p: &[char], dialect: Dialect) -> Result<(), BadPattern> {
    let mut i = 0;
    let mut braces = 0i32;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(BadPattern);
                }
                i += 1;
            }
            '[' => {
                let end = class_end(p, i).ok_or(BadPattern)?;
                i = end;
            }
            '{' if dialect == Dialect::Gobwas => braces += 1,
            '}' if dialect == Dialect::Gobwas => {
                braces -= 1;
                if braces < 0 {
                    return Err(BadPattern);
                }
            }
            _ => {}
        }
        i += 1;
    }
    if braces != 0 {
        return Err(BadPattern);
    }
    Ok(())
}

/// Index of the `]` closing the class opened at `start`.
fn class_end(p: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    if i < p.len() && (p[i] == '^' || p[i] == '!') {
        i += 1;
    }
    let first = i;
    while i < p.len() {
        if p[i] == '\\' {
            i += 2;
            continue;
        }
        if p[i] == ']' && i > first {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negate, body) = match class.first() {
        Some('^') | Some('!') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut i = 0;
    let mut hit = false;
    while i < body.len() {
        let mut lo = body[i];
        if lo == '\\' && i + 1 < body.len() {
            i += 1;
            lo = body[i];
        }
        if i + 2 < body.len() && body[i + 1] == '-' {
            let mut hi = body[i + 2];
            let mut step = 3;
            if hi == '\\' && i + 3 < body.len() {
                hi = body[i + 3];
                step = 4;
            }
            if lo <= c && c <= hi {
                hit = true;
            }
            i += step;
        } else {
            if lo == c {
                hit = true;
            }
            i += 1;
        }
    }
    hit != negate
}

/// Splits the alternatives of the brace group opened at `start`; returns them and
/// the index after the closing brace.
fn brace_alternatives(p: &[char], start: usize) -> Option<(Vec<Vec<char>>, usize)> {
    let mut depth = 0;
    let mut alts = Vec::new();
    let mut cur = Vec::new();
    let mut i = start + 1;
    while i < p.len() {
        let c = p[i];
        match c {
            '\\' if i + 1 < p.len() => {
                cur.push(c);
                cur.push(p[i + 1]);
                i += 2;
                continue;
            }
            '{' => depth += 1,
            '}' if depth == 0 => {
                alts.push(cur);
                return Some((alts, i + 1));
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                alts.push(std::mem::take(&mut cur));
                i += 1;
                continue;
            }
            _ => {}
        }
        cur.push(c);
        i += 1;
    }
    None
}

fn match_at(p: &[char], n: &[char], d: Dialect, budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some(&c) = p.first() else {
        return n.is_empty();
    };
    match c {
        '*' => {
            let double = d == Dialect::Gobwas && p.get(1) == Some(&'*');
            let rest = if double { &p[2..] } else { &p[1..] };
            for k in 0..=n.len() {
                if k > 0 && !double && n[k - 1] == '/' {
                    break;
                }
                if match_at(rest, &n[k..], d, budget) {
                    return true;
                }
            }
            false
        }
        '?' => !n.is_empty() && n[0] != '/' && match_at(&p[1..], &n[1..], d, budget),
        '[' => match class_end(p, 0) {
            Some(end) => {
                !n.is_empty()
                    && (d == Dialect::Gobwas || n[0] != '/')
                    && class_matches(&p[1..end], n[0])
                    && match_at(&p[end + 1..], &n[1..], d, budget)
            }
            None => false,
        },
        '{' if d == Dialect::Gobwas => match brace_alternatives(p, 0) {
            Some((alts, after)) => alts.into_iter().any(|mut alt| {
                alt.extend_from_slice(&p[after..]);
                match_at(&alt, n, d, budget)
            }),
            None => false,
        },
        '\\' if p.len() > 1 => {
            !n.is_empty() && n[0] == p[1] && match_at(&p[2..], &n[1..], d, budget)
        }
        _ => !n.is_empty() && n[0] == c && match_at(&p[1..], &n[1..], d, budget),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gob(p: &str, n: &str) -> bool {
        matches(p, n, Dialect::Gobwas).unwrap()
    }

    fn fpm(p: &str, n: &str) -> bool {
        matches(p, n, Dialect::FilepathMatch).unwrap()
    }

    #[test]
    fn single_star_stays_within_a_directory() {
        assert!(gob("files/*.txt", "files/a.txt"));
        assert!(!gob("files/*.txt", "files/sub/a.txt"));
        assert!(gob("files/**.txt", "files/sub/a.txt"));
        assert!(gob("files/**", "files/sub/a.txt"));
        assert!(!fpm("*.txt", "a/b.txt"));
    }

    #[test]
    fn braces_classes_and_escapes() {
        assert!(gob("files/{a,b}.conf", "files/b.conf"));
        assert!(gob("[a-c]?x", "b1x"));
        assert!(!gob("[!a-c]x", "bx"));
        assert!(fpm("templates/.?*", "templates/.hidden"));
        assert!(fpm(r"a\*", "a*"));
        assert!(matches("[abc", "a", Dialect::FilepathMatch).is_err());
    }

    #[test]
    fn quick_paths_agree_with_the_general_matcher() {
        let patterns = [
            ".DS_Store",
            "*.swp",
            "*~",
            "*",
            "templates/.?*",
            ".git",
            "docs/*.md",
            "*/x.yaml",
            "ci/*",
            "a*b",
            "é*",
            "*.tmproj",
            "files/**",
            "{a,b}*",
            "*.{a,b}",
            "x\\*y",
            "[ab]*",
        ];
        let names = [
            "",
            ".DS_Store",
            "a.swp",
            "dir/a.swp",
            "x~",
            "~",
            "templates/.hidden",
            "templates/ok",
            ".git",
            ".gitx",
            "docs/a.md",
            "docs/sub/a.md",
            "d/x.yaml",
            "x.yaml",
            "ci/a",
            "ci/a/b",
            "ab",
            "axb",
            "a/b",
            "é.txt",
            "e.txt",
            "files/a/b",
            "a.a",
            "x*y",
            "b1",
        ];
        let mut quick = 0;
        for dialect in [Dialect::FilepathMatch, Dialect::Gobwas] {
            for p in patterns {
                let pattern = Pattern::new(p, dialect).unwrap();
                for n in names {
                    let chars: Vec<char> = n.chars().collect();
                    let general = pattern.matches_chars(&chars);
                    if let Some(fast) = pattern.quick_match(n) {
                        quick += 1;
                        assert_eq!(fast, general, "{p:?} on {n:?} ({dialect:?})");
                    }
                    assert_eq!(pattern.matches(n), general, "{p:?} on {n:?} ({dialect:?})");
                }
            }
        }
        // Most pairs are decided by the quick paths.
        assert!(quick > patterns.len() * names.len(), "{quick}");
    }
}
