//! The `ipv4` and `ipv6` formats, and Go's `netip.ParseAddr`, whose error
//! text the `ipv6`, `email` and URL formats pass on.

use super::go_text::{atoi, quote_bytes};

/// `ipv4`: four dot-separated decimals (`strconv.Atoi`, so a sign is allowed)
/// from 0 to 255 without leading zeros.
pub(super) fn ipv4(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return Err("expected four decimals".into());
    }
    for group in groups {
        if group.len() > 1 && group.starts_with('0') {
            return Err("leading zeros".into());
        }
        if !(0..=255).contains(&atoi(group)?) {
            return Err("decimal must be between 0 and 255".into());
        }
    }
    Ok(())
}

/// `ipv6`: an address `netip` accepts, with a colon and without a zone.
pub(super) fn ipv6(s: &[u8]) -> Result<(), String> {
    if !s.contains(&b':') {
        return Err("missing colon".into());
    }
    if parse_addr(s)?.has_zone {
        return Err("zone id is not a part of ipv6 address".into());
    }
    Ok(())
}

/// What `netip.ParseAddr` found.
pub(super) struct Addr {
    /// An IPv4 address (not IPv4-mapped IPv6).
    pub(super) is4: bool,
    /// An IPv6 address with a zone (`fe80::1%eth0`).
    pub(super) has_zone: bool,
}

/// Go's `netip.ParseAddr`, and its error text.
pub(super) fn parse_addr(s: &[u8]) -> Result<Addr, String> {
    let fail = |msg: &str, at: Option<&[u8]>| {
        let mut e = format!("ParseAddr({}): {msg}", quote_bytes(s));
        if let Some(at) = at.filter(|a| !a.is_empty()) {
            e.push_str(&format!(" (at {})", quote_bytes(at)));
        }
        e
    };
    for &c in s {
        match c {
            b'.' => {
                ipv4_fields(s, &fail)?;
                return Ok(Addr {
                    is4: true,
                    has_zone: false,
                });
            }
            b':' => return parse_ipv6(s, &fail),
            b'%' => return Err(fail("missing IPv6 address", None)),
            _ => {}
        }
    }
    Err(fail("unable to parse IP", None))
}

type Fail<'f> = &'f dyn Fn(&str, Option<&[u8]>) -> String;

/// `parseIPv4Fields`: dotted decimals, checked byte by byte.
fn ipv4_fields(part: &[u8], fail: Fail<'_>) -> Result<(), String> {
    let (mut val, mut pos, mut digits) = (0u32, 0, 0);
    for (i, &c) in part.iter().enumerate() {
        if c.is_ascii_digit() {
            if digits == 1 && val == 0 {
                return Err(fail("IPv4 field has octet with leading zero", None));
            }
            val = val * 10 + u32::from(c - b'0');
            digits += 1;
            if val > 255 {
                return Err(fail("IPv4 field has value >255", None));
            }
        } else if c == b'.' {
            if i == 0 || i == part.len() - 1 || part[i - 1] == b'.' {
                return Err(fail(
                    "IPv4 field must have at least one digit",
                    Some(&part[i..]),
                ));
            }
            if pos == 3 {
                return Err(fail("IPv4 address too long", None));
            }
            pos += 1;
            val = 0;
            digits = 0;
        } else {
            return Err(fail("unexpected character", Some(&part[i..])));
        }
    }
    if pos < 3 {
        return Err(fail("IPv4 address too short", None));
    }
    Ok(())
}

/// `parseIPv6`: hex groups, one `::`, an optional trailing IPv4 part and zone.
fn parse_ipv6(input: &[u8], fail: Fail<'_>) -> Result<Addr, String> {
    let (mut s, has_zone) = match input.iter().position(|&b| b == b'%') {
        Some(i) if i + 1 == input.len() => {
            return Err(fail("zone must be a non-empty string", None));
        }
        Some(i) => (&input[..i], true),
        None => (input, false),
    };
    let ok = Addr {
        is4: false,
        has_zone,
    };
    let mut ellipsis = None;
    if let Some(rest) = s.strip_prefix(b"::") {
        ellipsis = Some(0);
        s = rest;
        if s.is_empty() {
            return Ok(ok);
        }
    }
    let mut filled = 0;
    while filled < 16 {
        let mut off = 0;
        while let Some(c) = s.get(off) {
            if !c.is_ascii_hexdigit() {
                break;
            }
            // Go counts the fifth digit as the failure, reporting the group.
            if off > 3 {
                return Err(fail("each group must have 4 or less digits", Some(s)));
            }
            off += 1;
        }
        if off == 0 {
            return Err(fail(
                "each colon-separated field must have at least one digit",
                Some(s),
            ));
        }
        if s.get(off) == Some(&b'.') {
            if ellipsis.is_none() && filled != 12 {
                return Err(fail(
                    "embedded IPv4 address must replace the final 2 fields of the address",
                    Some(s),
                ));
            }
            if filled + 4 > 16 {
                return Err(fail(
                    "too many hex fields to fit an embedded IPv4 at the end of the address",
                    Some(s),
                ));
            }
            // Go reports the embedded part's errors against the whole input.
            ipv4_fields(s, fail)?;
            s = b"";
            filled += 4;
            break;
        }
        filled += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' {
            return Err(fail("unexpected character, want colon", Some(s)));
        }
        if s.len() == 1 {
            return Err(fail("colon must be followed by more characters", Some(s)));
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return Err(fail("multiple :: in address", Some(s)));
            }
            ellipsis = Some(filled);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err(fail("trailing garbage after address", Some(s)));
    }
    match (filled < 16, ellipsis) {
        (true, None) => Err(fail("address string too short", None)),
        (false, Some(_)) => Err(fail(
            "the :: must expand to at least one field of zeros",
            None,
        )),
        _ => Ok(ok),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_follows_go_atoi() {
        assert_eq!(ipv4("1.2.3.4"), Ok(()));
        assert_eq!(ipv4("1.2.3.+4"), Ok(()));
        assert_eq!(ipv4("1.2.3"), Err("expected four decimals".into()));
        assert_eq!(
            ipv4("1.2.3.-1"),
            Err("decimal must be between 0 and 255".into())
        );
        assert_eq!(ipv4("01.2.3.4"), Err("leading zeros".into()));
        assert_eq!(
            ipv4("1.2.3.x"),
            Err("strconv.Atoi: parsing \"x\": invalid syntax".into())
        );
    }

    #[test]
    fn ipv6_reports_netip_errors() {
        for ok in [
            "::",
            "::1",
            "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:1.2.3.4",
            "::ffff:1.2.3.4",
        ] {
            assert_eq!(ipv6(ok.as_bytes()), Ok(()), "{ok}");
        }
        let cases = [
            ("1.2.3.4", "missing colon"),
            ("::1%eth0", "zone id is not a part of ipv6 address"),
            (
                "::1%",
                "ParseAddr(\"::1%\"): zone must be a non-empty string",
            ),
            (
                "1.2.3.4:5",
                "ParseAddr(\"1.2.3.4:5\"): unexpected character (at \":5\")",
            ),
            (
                "12345::",
                "ParseAddr(\"12345::\"): each group must have 4 or less digits (at \"12345::\")",
            ),
            (
                "1::2::3",
                "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")",
            ),
            ("1:2", "ParseAddr(\"1:2\"): address string too short"),
            (
                "1:2:3:4:5:6:7:8::",
                "ParseAddr(\"1:2:3:4:5:6:7:8::\"): the :: must expand to at least one field of zeros",
            ),
            ("::1.2.3", "ParseAddr(\"::1.2.3\"): IPv4 address too short"),
            (
                "::1..2.3",
                "ParseAddr(\"::1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(ipv6(input.as_bytes()), Err(want.into()), "{input}");
        }
    }
}
