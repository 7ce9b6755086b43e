//! Schema `pattern`s as the validators match them: translated from ECMA 262
//! as `jsonschema` translates them, compiled once per schema check.

/// The patterns of one schema check, compiled on first use (a schema has a
/// handful).
#[derive(Default)]
pub(super) struct Patterns<'d> {
    compiled: Vec<(&'d str, regex::Regex)>,
}

impl<'d> Patterns<'d> {
    /// Whether `pattern` finds a match in `text`; `None` when the pattern
    /// cannot be translated or compiled.
    pub(super) fn matches(&mut self, pattern: &'d str, text: &str) -> Option<bool> {
        if let Some((_, re)) = self.compiled.iter().find(|(p, _)| *p == pattern) {
            return Some(re.is_match(text));
        }
        let translated = jsonschema_regex::to_rust_regex(pattern).ok()?;
        let re = regex::Regex::new(&translated).ok()?;
        let found = re.is_match(text);
        self.compiled.push((pattern, re));
        Some(found)
    }
}
