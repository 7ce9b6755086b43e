//! The `uri`, `iri`, `uri-reference`, `iri-reference` and `uri-template`
//! formats: Go's `net/url.Parse` (as of Go 1.25, which rejects bracketed
//! hosts that are not IPv6 addresses) plus santhosh-tekuri's own checks of
//! the host. Helm prints Go's error texts, so they are reproduced here.

use super::go_text::quote_bytes;
use super::net::{ipv6, parse_addr};

/// The parts of a parsed URL these formats look at.
struct Url {
    has_scheme: bool,
    /// The host as Go keeps it: unescaped, with brackets and port.
    host: Vec<u8>,
    /// The path as written when Go's default escaping of it differs.
    raw_path: Vec<u8>,
}

/// `uri` and `iri`: an absolute URL.
pub(super) fn uri(s: &str) -> Result<(), String> {
    if parse_url(s)?.has_scheme {
        Ok(())
    } else {
        Err("relative url".into())
    }
}

/// `uri-reference` and `iri-reference`: any URL without a backslash.
pub(super) fn uri_reference(s: &str) -> Result<(), String> {
    if s.contains('\\') {
        return Err("contains \\".into());
    }
    parse_url(s).map(drop)
}

/// `uri-template`: a URL whose path segments pair their curly braces. Only
/// a path Go keeps as written (one that needs escaping) is looked at.
pub(super) fn uri_template(s: &str) -> Result<(), String> {
    let url = parse_url(s)?;
    for segment in url.raw_path.split(|&b| b == b'/') {
        let decoded = unescape(segment, Mode::PathSegment)
            .map_err(|e| format!("percent decode failed: {e}"))?;
        let mut want_open = true;
        for &b in &decoded {
            let open = match b {
                b'{' => true,
                b'}' => false,
                _ => continue,
            };
            if open != want_open {
                return Err("nested curly braces".into());
            }
            want_open = !want_open;
        }
        if !want_open {
            return Err("no matching closing brace".into());
        }
    }
    Ok(())
}

/// santhosh-tekuri's `parseURL`: Go's parse, then an IPv6 host must be
/// bracketed and carry no zone.
fn parse_url(s: &str) -> Result<Url, String> {
    let url = parse(s.as_bytes())?;
    let hostname = hostname(&url.host);
    if hostname.contains(&b':') {
        if !(url.host.contains(&b'[') && url.host.contains(&b']')) {
            return Err("ipv6 address not enclosed in brackets".into());
        }
        ipv6(hostname).map_err(|e| format!("invalid ipv6 address: {e}"))?;
    }
    Ok(url)
}

/// `URL.Hostname`: the host without port and brackets.
fn hostname(host: &[u8]) -> &[u8] {
    let mut name = host;
    if let Some(colon) = host.iter().rposition(|&b| b == b':')
        && valid_optional_port(&host[colon..])
    {
        name = &host[..colon];
    }
    match name {
        [b'[', inner @ .., b']'] => inner,
        other => other,
    }
}

/// `url.Parse`: the fragment is cut off first and checked last.
fn parse(raw: &[u8]) -> Result<Url, String> {
    let (before, fragment) = match raw.iter().position(|&b| b == b'#') {
        Some(i) => (&raw[..i], &raw[i + 1..]),
        None => (raw, &b""[..]),
    };
    let url = parse_reference(before).map_err(|e| format!("parse {}: {e}", quote_bytes(before)))?;
    unescape(fragment, Mode::Fragment).map_err(|e| format!("parse {}: {e}", quote_bytes(raw)))?;
    Ok(url)
}

/// Go's `parse(rawURL, false)`.
fn parse_reference(raw: &[u8]) -> Result<Url, String> {
    if raw.iter().any(|&b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut url = Url {
        has_scheme: false,
        host: Vec::new(),
        raw_path: Vec::new(),
    };
    if raw == b"*" {
        return Ok(url);
    }
    let (scheme, rest) = split_scheme(raw)?;
    url.has_scheme = !scheme.is_empty();
    // Go strips a lone trailing `?` or cuts at the first: the same prefix.
    let rest = rest.split(|&b| b == b'?').next().unwrap_or_default();
    if !rest.starts_with(b"/") {
        if url.has_scheme {
            // A rootless path after a scheme is opaque: Go checks nothing in it.
            return Ok(url);
        }
        let segment = rest.split(|&b| b == b'/').next().unwrap_or_default();
        if segment.contains(&b':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    let mut path = rest;
    if (url.has_scheme || !rest.starts_with(b"///")) && rest.starts_with(b"//") {
        let authority = &rest[2..];
        let end = authority
            .iter()
            .position(|&b| b == b'/')
            .unwrap_or(authority.len());
        url.host = parse_authority(&authority[..end])?;
        path = &authority[end..];
    }
    let unescaped = unescape(path, Mode::Path)?;
    if escape_path(&unescaped) != path {
        url.raw_path = path.to_vec();
    }
    Ok(url)
}

/// `getScheme`: letters first, then letters, digits, `+`, `-` and `.`.
fn split_scheme(raw: &[u8]) -> Result<(&[u8], &[u8]), String> {
    for (i, &c) in raw.iter().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err("missing protocol scheme".into()),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => break,
        }
    }
    Ok((b"", raw))
}

/// `parseAuthority`: the host after the last `@`, then the user info.
fn parse_authority(authority: &[u8]) -> Result<Vec<u8>, String> {
    let at = authority.iter().rposition(|&b| b == b'@');
    let host = parse_host(&authority[at.map_or(0, |i| i + 1)..])?;
    if let Some(i) = at {
        let userinfo = &authority[..i];
        if !userinfo
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b))
        {
            return Err("net/url: invalid userinfo".into());
        }
        // Name and password are unescaped apart, so an error quotes one of them.
        let name_end = userinfo
            .iter()
            .position(|&b| b == b':')
            .unwrap_or(userinfo.len());
        unescape(&userinfo[..name_end], Mode::UserPassword)?;
        unescape(
            userinfo.get(name_end + 1..).unwrap_or_default(),
            Mode::UserPassword,
        )?;
    }
    Ok(host)
}

/// `parseHost`: a bracketed host must be an IPv6 address (with an optional
/// `%25`-escaped zone); elsewhere the first colon starts a numeric port.
fn parse_host(host: &[u8]) -> Result<Vec<u8>, String> {
    let invalid_port = |p: &[u8]| format!("invalid port {} after host", quote_bytes(p));
    match host.iter().rposition(|&b| b == b'[') {
        Some(i) if i > 0 => Err("invalid IP-literal".into()),
        Some(_) => {
            let Some(close) = host.iter().rposition(|&b| b == b']') else {
                return Err("missing ']' in host".into());
            };
            let colon_port = &host[close + 1..];
            if !valid_optional_port(colon_port) {
                return Err(invalid_port(colon_port));
            }
            let colon_port = unescape(colon_port, Mode::Host)?;
            let inside = &host[1..close];
            let address = match find(inside, b"%25") {
                Some(z) => {
                    let mut a = unescape(&inside[..z], Mode::Host)?;
                    a.extend(unescape(&inside[z..], Mode::Zone)?);
                    a
                }
                None => unescape(inside, Mode::Host)?,
            };
            if parse_addr(&address)
                .map_err(|e| format!("invalid host: {e}"))?
                .is4
            {
                return Err("invalid IP-literal".into());
            }
            Ok([&b"["[..], &address, b"]", &colon_port].concat())
        }
        None => {
            if let Some(i) = host.iter().position(|&b| b == b':')
                && !valid_optional_port(&host[i..])
            {
                return Err(invalid_port(&host[i..]));
            }
            unescape(host, Mode::Host)
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `validOptionalPort`: empty, or a colon and digits.
fn valid_optional_port(port: &[u8]) -> bool {
    match port.split_first() {
        None => true,
        Some((b':', digits)) => digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    }
}

/// The parts of a URL Go escapes differently.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Host,
    Zone,
    Path,
    PathSegment,
    UserPassword,
    Fragment,
}

/// Go's `shouldEscape`.
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone) && b"!$&'()*+,;=:[]<>\"".contains(&c) {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => c == b'?',
            Mode::PathSegment => matches!(c, b'/' | b';' | b',' | b'?'),
            Mode::UserPassword => matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::Fragment => false,
            Mode::Host | Mode::Zone => true,
        },
        b'!' | b'(' | b')' | b'*' if mode == Mode::Fragment => false,
        _ => true,
    }
}

/// Go's `unescape`: `%XX` decoded; hosts may escape only non-ASCII bytes
/// (and `%25`), and must not hold bytes a host never has.
fn unescape(s: &[u8], mode: Mode) -> Result<Vec<u8>, String> {
    let escape_error = |e: &[u8]| format!("invalid URL escape {}", quote_bytes(e));
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c != b'%' {
            if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                return Err(format!(
                    "invalid character {} in host name",
                    quote_bytes(&s[i..=i])
                ));
            }
            out.push(c);
            i += 1;
            continue;
        }
        let (Some(hi), Some(lo)) = (s.get(i + 1).and_then(hex), s.get(i + 2).and_then(hex)) else {
            return Err(escape_error(&s[i..s.len().min(i + 3)]));
        };
        let escaped = &s[i..i + 3];
        let v = hi << 4 | lo;
        if mode == Mode::Host && hi < 8 && escaped != b"%25" {
            return Err(escape_error(escaped));
        }
        if mode == Mode::Zone && escaped != b"%25" && v != b' ' && should_escape(v, Mode::Host) {
            return Err(escape_error(escaped));
        }
        out.push(v);
        i += 3;
    }
    Ok(out)
}

fn hex(b: &u8) -> Option<u8> {
    char::from(*b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Go's `escape(s, encodePath)`.
fn escape_path(s: &[u8]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if should_escape(c, Mode::Path) {
            out.extend([b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
