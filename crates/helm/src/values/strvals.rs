//! `--set` expressions in Helm's strvals syntax: `a.b=c,list[0]=x,arr={1,2}`,
//! `\` escapes, typed scalars (`true`, `null`, integers) unless `--set-string`.
//! List indexes are bounded (65536) so `a[999999999]=x` is an error, not an
//! allocation.

use serde_json::{Map, Value};

use super::Values;

/// Largest list index accepted, as in Helm.
pub const MAX_INDEX: usize = 65536;
/// Deepest `a.b.c` nesting accepted, as in Helm.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// Parses a `--set` expression into `dest`.
pub fn parse_set(expr: &str, dest: &mut Values) -> Result<(), String> {
    Parser {
        chars: expr.chars().collect(),
        pos: 0,
        strings: false,
    }
    .parse(dest)
}

/// Parses a `--set-string` expression into `dest` (every value a string).
pub fn parse_set_string(expr: &str, dest: &mut Values) -> Result<(), String> {
    Parser {
        chars: expr.chars().collect(),
        pos: 0,
        strings: true,
    }
    .parse(dest)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    strings: bool,
}

/// End of input while reading.
struct Eof;

enum Stop {
    At(char),
    Eof,
}

impl Parser {
    fn parse(mut self, data: &mut Values) -> Result<(), String> {
        loop {
            match self.key(data, 0) {
                Ok(()) => {}
                Err(None) => return Ok(()),
                Err(Some(e)) => return Err(e),
            }
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn until(&mut self, stop: &[char]) -> (String, Stop) {
        let mut out = String::new();
        loop {
            match self.next() {
                None => return (out, Stop::Eof),
                Some(c) if stop.contains(&c) => return (out, Stop::At(c)),
                Some('\\') => match self.next() {
                    Some(n) => out.push(n),
                    None => return (out, Stop::Eof),
                },
                Some(c) => out.push(c),
            }
        }
    }

    fn typed(&self, s: String) -> Value {
        if self.strings {
            return Value::String(s);
        }
        if s.eq_ignore_ascii_case("true") {
            return Value::Bool(true);
        }
        if s.eq_ignore_ascii_case("false") {
            return Value::Bool(false);
        }
        if s.eq_ignore_ascii_case("null") {
            return Value::Null;
        }
        if s == "0" {
            return Value::from(0i64);
        }
        if !s.starts_with('0')
            && let Ok(i) = s.parse::<i64>()
        {
            return Value::from(i);
        }
        Value::String(s)
    }

    /// `Err(None)` is the end of input; `Err(Some(..))` a syntax error.
    fn key(&mut self, data: &mut Values, level: usize) -> Result<(), Option<String>> {
        let (k, last) = self.until(&['=', '[', ',', '.']);
        match last {
            Stop::Eof => {
                if k.is_empty() {
                    Err(None)
                } else {
                    Err(Some(format!("key {k:?} has no value")))
                }
            }
            Stop::At('[') => {
                let i = self.index()?;
                let mut list = match data.remove(&k) {
                    None => Vec::new(),
                    Some(Value::Array(l)) => l,
                    Some(_) => {
                        return Err(Some(format!("unable to parse key: {k:?} is not a list")));
                    }
                };
                let r = self.list_item(&mut list, i, level);
                set(data, &k, Value::Array(list));
                r
            }
            Stop::At('=') => match self.val_list() {
                Ok(Some(list)) => {
                    set(data, &k, Value::Array(list));
                    Ok(())
                }
                Ok(None) => {
                    let (rs, _) = self.until(&[',']);
                    let v = self.typed(rs);
                    set(data, &k, v);
                    Ok(())
                }
                Err(Ok(Eof)) => {
                    set(data, &k, Value::String(String::new()));
                    Err(None)
                }
                Err(Err(e)) => Err(Some(e)),
            },
            Stop::At(',') => {
                set(data, &k, Value::String(String::new()));
                Err(Some(format!("key {k:?} has no value (cannot end with ,)")))
            }
            _ => {
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(Some(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let mut inner = match data.remove(&k) {
                    None => Map::new(),
                    Some(Value::Object(m)) => m,
                    Some(_) => {
                        return Err(Some(format!("unable to parse key: {k:?} is not a map")));
                    }
                };
                let r = self.key(&mut inner, level);
                if r.is_ok() && inner.is_empty() {
                    return Err(Some(format!("key map {k:?} has no value")));
                }
                if !inner.is_empty() {
                    set(data, &k, Value::Object(inner));
                }
                r
            }
        }
    }

    fn index(&mut self) -> Result<usize, Option<String>> {
        let (v, last) = self.until(&[']']);
        if matches!(last, Stop::Eof) {
            return Err(None);
        }
        let i: i64 = v.parse().map_err(|_| {
            Some(format!(
                "error parsing index: strconv.Atoi: parsing {v:?}: invalid syntax"
            ))
        })?;
        if i < 0 {
            return Err(Some(format!("negative {i} index not allowed")));
        }
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        if i > MAX_INDEX {
            return Err(Some(format!(
                "index of {i} is greater than maximum supported index of {MAX_INDEX}"
            )));
        }
        Ok(i)
    }

    fn list_item(
        &mut self,
        list: &mut Vec<Value>,
        i: usize,
        level: usize,
    ) -> Result<(), Option<String>> {
        let (k, last) = self.until(&['[', '.', '=']);
        if !k.is_empty() {
            return Err(Some(format!(
                "unexpected data at end of array index: {k:?}"
            )));
        }
        match last {
            Stop::Eof => Err(None),
            Stop::At('=') => {
                let v = match self.val_list() {
                    Ok(Some(l)) => Value::Array(l),
                    Ok(None) => {
                        let (rs, _) = self.until(&[',']);
                        self.typed(rs)
                    }
                    Err(Ok(Eof)) => Value::String(String::new()),
                    Err(Err(e)) => return Err(Some(e)),
                };
                set_index(list, i, v);
                Ok(())
            }
            Stop::At('[') => {
                let next = self.index()?;
                let mut inner = match list.get_mut(i).map(std::mem::take) {
                    Some(Value::Array(l)) => l,
                    Some(Value::Null) | None => Vec::new(),
                    Some(_) => return Err(Some(format!("error processing index {i}: not a list"))),
                };
                self.list_item(&mut inner, next, level)?;
                set_index(list, i, Value::Array(inner));
                Ok(())
            }
            _ => {
                let mut inner = match list.get_mut(i).map(std::mem::take) {
                    Some(Value::Object(m)) => m,
                    _ => Map::new(),
                };
                let r = self.key(&mut inner, level);
                set_index(list, i, Value::Object(inner));
                r
            }
        }
    }

    /// `Ok(Some(list))` for `{a,b}`, `Ok(None)` when the value is not a list.
    fn val_list(&mut self) -> Result<Option<Vec<Value>>, Result<Eof, String>> {
        match self.chars.get(self.pos) {
            None => return Err(Ok(Eof)),
            Some('{') => self.pos += 1,
            Some(_) => return Ok(None),
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.until(&[',', '}']);
            match last {
                Stop::Eof => return Err(Err("list must terminate with '}'".into())),
                Stop::At('}') => {
                    if self.chars.get(self.pos) == Some(&',') {
                        self.pos += 1;
                    }
                    list.push(self.typed(rs));
                    return Ok(Some(list));
                }
                _ => list.push(self.typed(rs)),
            }
        }
    }
}

fn set(data: &mut Values, key: &str, val: Value) {
    if !key.is_empty() {
        data.insert(key.to_string(), val);
    }
}

/// Caller guarantees `i <= MAX_INDEX`, which bounds the allocation.
fn set_index(list: &mut Vec<Value>, i: usize, val: Value) {
    if list.len() <= i {
        list.resize(i + 1, Value::Null);
    }
    list[i] = val;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(expr: &str) -> Result<Value, String> {
        let mut m = Values::new();
        parse_set(expr, &mut m)?;
        Ok(Value::Object(m))
    }

    #[test]
    fn nested_keys_lists_and_types() {
        assert_eq!(
            set("a.b=c,n=10,t=true,z=null,l={1,x},arr[1].k=v,e=").unwrap(),
            json!({"a": {"b": "c"}, "n": 10, "t": true, "z": null, "l": [1, "x"],
                   "arr": [null, {"k": "v"}], "e": ""})
        );
    }

    #[test]
    fn escapes_and_leading_zero_strings() {
        assert_eq!(
            set(r"a\.b=1\,2,v=007").unwrap(),
            json!({"a.b": "1,2", "v": "007"})
        );
    }

    #[test]
    fn huge_and_negative_indexes_are_errors() {
        assert!(
            set("a[999999999]=x")
                .unwrap_err()
                .contains("maximum supported index")
        );
        assert!(set("a[-1]=x").is_err());
        assert!(set("a").unwrap_err().contains("has no value"));
    }

    #[test]
    fn set_string_keeps_strings() {
        let mut m = Values::new();
        parse_set_string("a=true,b=1", &mut m).unwrap();
        assert_eq!(Value::Object(m), json!({"a": "true", "b": "1"}));
    }
}
