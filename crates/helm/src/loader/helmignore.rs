//! `.helmignore`: Helm's own ignore rules (not gitignore): a rule without `/`
//! matches the base name, one with `/` the whole path, `!` negates, a trailing `/`
//! restricts to directories, and `**` is rejected.

use crate::glob::{Dialect, Pattern as Glob};

struct Pattern {
    /// `None` when the rule, once stripped of `!` and slashes, is no longer a
    /// valid pattern (a trailing `\` before `/`): it then matches nothing, as
    /// Helm's failing `filepath.Match` does.
    rule: Option<Glob>,
    negate: bool,
    must_dir: bool,
    base_only: bool,
}

/// Parsed ignore rules.
#[derive(Default)]
pub(crate) struct Rules {
    patterns: Vec<Pattern>,
}

impl Rules {
    /// Parses the content of a `.helmignore` file and adds Helm's defaults.
    pub(crate) fn parse(text: &str) -> Result<Rules, String> {
        let mut rules = Rules::default();
        for line in text.lines() {
            rules.add(line)?;
        }
        rules.add_defaults();
        Ok(rules)
    }

    /// Helm ignores dot files under `templates/` whatever `.helmignore` says.
    pub(crate) fn add_defaults(&mut self) {
        let _ = self.add("templates/.?*");
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let mut rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        // Only a class or an escape can make a pattern malformed: most rules
        // are compiled once, below, not also here.
        if rule.contains(['[', '\\']) && Glob::new(rule, Dialect::FilepathMatch).is_err() {
            return Err(format!("syntax error in pattern {rule:?}"));
        }
        let negate = rule.starts_with('!');
        if negate {
            rule = &rule[1..];
        }
        let must_dir = rule.ends_with('/');
        let rule = rule.trim_end_matches('/');
        let (rule, base_only) = match rule.strip_prefix('/') {
            Some(r) => (r, false),
            None => (rule, !rule.contains('/')),
        };
        self.patterns.push(Pattern {
            rule: Glob::new(rule, Dialect::FilepathMatch).ok(),
            negate,
            must_dir,
            base_only,
        });
        Ok(())
    }

    /// Whether the path (relative, `/`-separated) is ignored.
    pub(crate) fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        let base = path.rsplit('/').next().unwrap_or(path);
        // The path's characters, for rules the general matcher must decide;
        // collected at most once per path.
        let mut path_chars: Option<Vec<char>> = None;
        for p in &self.patterns {
            if p.must_dir && !is_dir {
                // Helm's quirk, kept for identical results: a negated
                // directory rule ignores every file.
                if p.negate {
                    return true;
                }
                continue;
            }
            let subject = if p.base_only { base } else { path };
            let hit = p.rule.as_ref().is_some_and(|g| {
                g.quick_match(subject).unwrap_or_else(|| {
                    let chars = path_chars.get_or_insert_with(|| path.chars().collect());
                    let from = chars.len() - subject.chars().count();
                    g.matches_chars(&chars[from..])
                })
            });
            // Helm's quirk again: a negated rule that does not match ignores
            // the path.
            if hit != p.negate {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_name_and_path_rules() {
        let r = Rules::parse("*.bak\nsecret/\n/docs/*.md\n# comment\n").unwrap();
        assert!(r.ignore("a/b/c.bak", false));
        assert!(r.ignore("secret", true));
        assert!(!r.ignore("secret", false));
        assert!(r.ignore("docs/x.md", false));
        assert!(r.ignore("templates/.hidden.yaml", false));
        assert!(!r.ignore("templates/ok.yaml", false));
    }

    #[test]
    fn rejects_double_star() {
        assert!(Rules::parse("**/x").is_err());
    }

    #[test]
    fn rejects_malformed_classes_and_escapes_only() {
        for bad in ["[abc", "a[", "x\\", "[\\"] {
            assert_eq!(
                Rules::parse(bad).err(),
                Some(format!("syntax error in pattern {bad:?}")),
                "{bad}"
            );
        }
        for good in ["*.tgz", "a?b", "[a-c]x", "\\*.lit", "!keep/", "/root.txt"] {
            assert!(Rules::parse(good).is_ok(), "{good}");
        }
    }
}
