//! Sprig's path functions (Go's `path` and, identical on Linux, `path/filepath`)
//! and `urlParse`/`urlJoin`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::FuncMap;
use crate::engine::value::Value;

use super::{add, arity, fail, map, map_arg, s, str_arg, strval};

/// Go's `path.Clean`.
pub(crate) fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `path.Base`.
pub(crate) fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// Go's `path.Dir`.
pub(crate) fn dir(p: &str) -> String {
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    clean(&p[..cut])
}

/// Go's `path.Ext`.
pub(crate) fn ext(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        match c {
            '/' => break,
            '.' => return p[i..].to_string(),
            _ => {}
        }
    }
    String::new()
}

fn url_parse(raw: &str) -> Result<BTreeMap<Arc<str>, Value>, String> {
    let (rest, fragment) = raw.split_once('#').unwrap_or((raw, ""));
    let mut scheme = "";
    let mut lowered = String::new();
    let mut rest = rest;
    if let Some(i) = rest.find(':') {
        let cand = &rest[..i];
        if !cand.is_empty()
            && cand.starts_with(|c: char| c.is_ascii_alphabetic())
            && cand
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            scheme = cand;
            rest = &rest[i + 1..];
            lowered = cand.to_ascii_lowercase();
        } else if i == 0 {
            return Err(format!("parse \"{raw}\": missing protocol scheme"));
        }
    }
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    // A relative reference's first segment cannot hold a colon (it would
    // read as a scheme): Go refuses it.
    if scheme.is_empty()
        && !rest.starts_with('/')
        && rest
            .split('/')
            .next()
            .is_some_and(|segment| segment.contains(':'))
    {
        return Err(format!(
            "parse {}: first path segment in URL cannot contain colon",
            crate::funcs::go_quote(raw)
        ));
    }
    let (mut host, mut userinfo, mut path, mut opaque) = ("", "", rest, "");
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        let authority = &after[..end];
        path = &after[end..];
        match authority.rsplit_once('@') {
            Some((u, h)) => {
                userinfo = u;
                host = h;
            }
            None => host = authority,
        }
    } else if !scheme.is_empty() && !rest.starts_with('/') {
        opaque = rest;
        path = "";
    }
    let hostname = if let Some(h) = host.strip_prefix('[') {
        h.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let path = unescape_path(path).map_err(|bad| {
        format!(
            "parse {}: invalid URL escape {}",
            crate::funcs::go_quote(raw),
            crate::funcs::go_quote(bad)
        )
    })?;
    let scheme = if scheme.is_empty() {
        ""
    } else {
        lowered.as_str()
    };
    let mut m = BTreeMap::new();
    for (k, v) in [
        ("scheme", scheme),
        ("host", host),
        ("hostname", hostname),
        ("path", path.as_str()),
        ("query", query),
        ("opaque", opaque),
        ("fragment", fragment),
        ("userinfo", userinfo),
    ] {
        m.insert(Arc::from(k), s(v));
    }
    Ok(m)
}

/// Percent-decoding of a URL path, as Go's `url.Parse` stores `URL.Path`.
/// A path with its `%XX` escapes decoded; `Err` holds the bad escape (up to
/// three bytes), which Go's error quotes.
fn unescape_path(p: &str) -> Result<String, &str> {
    let b = p.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let decoded = b
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
            let Some(byte) = decoded else {
                let end = (i + 3).min(b.len());
                return Err(p.get(i..end).unwrap_or(&p[i..]));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn url_join(d: &BTreeMap<Arc<str>, Value>) -> String {
    let get = |k: &str| d.get(k).map(strval).unwrap_or_default();
    let (scheme, host, path, query, opaque, fragment, userinfo) = (
        get("scheme"),
        get("host"),
        get("path"),
        get("query"),
        get("opaque"),
        get("fragment"),
        get("userinfo"),
    );
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    if !opaque.is_empty() {
        out.push_str(&opaque);
    } else {
        if !scheme.is_empty() || !host.is_empty() || !userinfo.is_empty() {
            if !host.is_empty() || !path.is_empty() || !userinfo.is_empty() {
                out.push_str("//");
            }
            if !userinfo.is_empty() {
                out.push_str(&userinfo);
                out.push('@');
            }
            out.push_str(&host);
        }
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        out.push_str(&path);
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&fragment);
    }
    out
}

pub(super) fn register(m: &mut FuncMap) {
    for (name, f) in [
        ("base", base as fn(&str) -> String),
        ("osBase", base),
        ("dir", dir),
        ("osDir", dir),
        ("clean", clean),
        ("osClean", clean),
        ("ext", ext),
        ("osExt", ext),
    ] {
        add(m, name, move |n, a| {
            arity(n, a, 1)?;
            Ok(s(f(str_arg(n, a, 0)?)))
        });
    }
    for name in ["isAbs", "osIsAbs"] {
        add(m, name, |n, a| {
            arity(n, a, 1)?;
            Ok(Value::Bool(str_arg(n, a, 0)?.starts_with('/')))
        });
    }
    add(m, "urlParse", |n, a| {
        arity(n, a, 1)?;
        url_parse(str_arg(n, a, 0)?)
            .map(map)
            .map_err(|e| fail(n, format!("unable to parse url: {e}")))
    });
    add(m, "urlJoin", |n, a| {
        arity(n, a, 1)?;
        Ok(s(url_join(&*map_arg(n, a, 0)?)))
    });
}
