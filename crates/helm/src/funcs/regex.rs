//! Sprig's regular expression functions (Go's RE2 syntax, which the `regex` crate
//! shares, including `$1`/`${name}` expansion in replacements).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::FuncMap;
use crate::engine::value::Value;
use regex::Regex;

mod translate;

use super::{add, arity, fail, int_arg, list, s, str_arg};

/// Patterns cached before the cache is emptied.
const MAX_COMPILED: usize = 512;

/// Compiled patterns kept across calls: charts call `regexMatch` and friends
/// with the same few literal patterns in every `include`, and compiling costs
/// far more than matching. Shared as `Arc<Regex>`, not cloned: a cloned `Regex`
/// gets a fresh match-cache pool, and building its lazy DFA cache costs more
/// than most matches. Bounded, since `tpl` can make patterns from values.
struct PatternCache {
    compiled: HashMap<Box<str>, Arc<Regex>>,
    capacity: usize,
}

impl PatternCache {
    fn new(capacity: usize) -> Self {
        PatternCache {
            compiled: HashMap::new(),
            capacity,
        }
    }

    fn get(&self, pattern: &str) -> Option<Arc<Regex>> {
        self.compiled.get(pattern).cloned()
    }

    /// Keep `re` for `pattern`, emptying the cache first when it is full.
    fn insert(&mut self, pattern: &str, re: Arc<Regex>) {
        if self.compiled.len() >= self.capacity {
            self.compiled.clear();
        }
        self.compiled.insert(pattern.into(), re);
    }
}

static COMPILED: OnceLock<Mutex<PatternCache>> = OnceLock::new();

/// Go's `regexp.Compile(pattern)`, cached; the error is Sprig's message.
fn compile(n: &str, pattern: &str) -> gotmpl::Result<Arc<Regex>> {
    let cache = COMPILED.get_or_init(|| Mutex::new(PatternCache::new(MAX_COMPILED)));
    if let Some(re) = cache.lock().ok().and_then(|c| c.get(pattern)) {
        return Ok(re);
    }
    let re = Arc::new(
        Regex::new(&translate::go_to_rust(pattern))
            .map_err(|e| fail(n, format!("error parsing regexp: {e}")))?,
    );
    if let Ok(mut cache) = cache.lock() {
        cache.insert(pattern, Arc::clone(&re));
    }
    Ok(re)
}

/// Go's `FindAllString(s, n)`: `n < 0` means all.
fn find_all(re: &Regex, text: &str, n: i64) -> Vec<Value> {
    let limit = if n < 0 { usize::MAX } else { n as usize };
    re.find_iter(text)
        .take(limit)
        .map(|m| s(m.as_str()))
        .collect()
}

/// Go's `Regexp.Split`.
fn split(re: &Regex, text: &str, n: i64) -> Vec<Value> {
    if n == 0 {
        return Vec::new();
    }
    if !re.as_str().is_empty() && text.is_empty() {
        return vec![s("")];
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(text).take(limit) {
        if n > 0 && out.len() == limit - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            out.push(s(&text[beg..end]));
        }
        beg = m.end();
    }
    if end != text.len() {
        out.push(s(&text[beg..]));
    }
    out
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "regexMatch", |n, a| {
        arity(n, a, 2)?;
        let (pattern, text) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        // Sprig ignores a bad pattern here: it does not match.
        Ok(Value::Bool(
            compile(n, pattern).is_ok_and(|re| re.is_match(text)),
        ))
    });
    add(m, "mustRegexMatch", |n, a| {
        arity(n, a, 2)?;
        Ok(Value::Bool(
            compile(n, str_arg(n, a, 0)?)?.is_match(str_arg(n, a, 1)?),
        ))
    });
    for name in ["regexFindAll", "mustRegexFindAll"] {
        add(m, name, |n, a| {
            arity(n, a, 3)?;
            let re = compile(n, str_arg(n, a, 0)?)?;
            Ok(list(find_all(&re, str_arg(n, a, 1)?, int_arg(n, a, 2)?)))
        });
    }
    for name in ["regexFind", "mustRegexFind"] {
        add(m, name, |n, a| {
            arity(n, a, 2)?;
            let re = compile(n, str_arg(n, a, 0)?)?;
            Ok(s(re.find(str_arg(n, a, 1)?).map_or("", |m| m.as_str())))
        });
    }
    for name in ["regexReplaceAll", "mustRegexReplaceAll"] {
        add(m, name, |n, a| {
            arity(n, a, 3)?;
            let re = compile(n, str_arg(n, a, 0)?)?;
            Ok(s(re.replace_all(str_arg(n, a, 1)?, str_arg(n, a, 2)?)))
        });
    }
    for name in ["regexReplaceAllLiteral", "mustRegexReplaceAllLiteral"] {
        add(m, name, |n, a| {
            arity(n, a, 3)?;
            let re = compile(n, str_arg(n, a, 0)?)?;
            Ok(s(re.replace_all(
                str_arg(n, a, 1)?,
                regex::NoExpand(str_arg(n, a, 2)?),
            )))
        });
    }
    for name in ["regexSplit", "mustRegexSplit"] {
        add(m, name, |n, a| {
            arity(n, a, 3)?;
            let re = compile(n, str_arg(n, a, 0)?)?;
            Ok(list(split(&re, str_arg(n, a, 1)?, int_arg(n, a, 2)?)))
        });
    }
    add(m, "regexQuoteMeta", |n, a| {
        arity(n, a, 1)?;
        let text = str_arg(n, a, 0)?;
        let mut out = String::new();
        for c in text.chars() {
            if r"\.+*?()|[]{}^$".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        Ok(s(out))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_stays_within_its_capacity() {
        let mut cache = PatternCache::new(3);
        for i in 0..10 {
            let p = format!("a{i}");
            let re = Arc::new(Regex::new(&p).unwrap());
            cache.insert(&p, re);
            assert!(
                cache.compiled.len() <= 3,
                "{} patterns kept",
                cache.compiled.len()
            );
        }
        assert!(cache.get("a9").is_some());
        assert!(cache.get("a0").is_none());
    }

    #[test]
    fn compile_shares_one_regex_per_pattern() {
        let a = compile("t", "^x[0-9]+$").unwrap();
        let b = compile("t", "^x[0-9]+$").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(a.is_match("x12"));
        assert!(compile("t", "(").is_err());
    }
}
