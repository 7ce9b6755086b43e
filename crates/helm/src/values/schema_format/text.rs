//! The formats santhosh-tekuri checks character by character: `hostname`,
//! `email`, `uuid`, `semver`, `json-pointer` and `relative-json-pointer`.
//! Lengths are in bytes and characters in runes, as Go counts them.

use super::go_text::quote_rune;
use super::net::{ipv4, ipv6};

type Checked = Result<(), String>;

fn fail(reason: &str) -> Checked {
    Err(reason.to_owned())
}

/// `json-pointer` (RFC 6901): empty, or `/`-separated tokens in which `~`
/// is followed by `0` or `1`.
pub(super) fn json_pointer(s: &str) -> Checked {
    if s.is_empty() {
        return Ok(());
    }
    let Some(tokens) = s.strip_prefix('/') else {
        return fail("not starting with /");
    };
    for token in tokens.split('/') {
        let mut escape = false;
        for c in token.chars() {
            if escape {
                if c != '0' && c != '1' {
                    return fail("~ must be followed by 0 or 1");
                }
                escape = false;
            } else {
                escape = c == '~';
            }
        }
        if escape {
            return fail("~ must be followed by 0 or 1");
        }
    }
    Ok(())
}

/// `relative-json-pointer`: a non-negative integer, then `#` or a pointer.
pub(super) fn relative_json_pointer(s: &str) -> Checked {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return fail("must start with non-negative integer");
    }
    if digits > 1 && s.starts_with('0') {
        return fail("starts with zero");
    }
    match &s[digits..] {
        "#" => Ok(()),
        rest => json_pointer(rest),
    }
}

/// `uuid`: five groups of 8, 4, 4, 4 and 12 hex digits.
pub(super) fn uuid(s: &str) -> Checked {
    const LENGTHS: [usize; 5] = [8, 4, 4, 4, 12];
    let groups: Vec<&str> = s.split('-').collect();
    if groups.len() != LENGTHS.len() {
        return Err(format!("must have {} elements", LENGTHS.len()));
    }
    for (i, (group, len)) in groups.iter().zip(LENGTHS).enumerate() {
        if group.len() != len {
            return Err(format!("element {} must be {len} characters long", i + 1));
        }
        if let Some(c) = group.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!("non-hex character {}", quote_rune(c)));
        }
    }
    Ok(())
}

/// `hostname`: at most 253 bytes (without one trailing dot) of 1 to 63 byte
/// labels of ASCII letters, digits and inner hyphens.
pub(super) fn hostname(s: &str) -> Checked {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return fail("more than 253 characters long");
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return fail("label must be 1 to 63 characters long");
        }
        if label.starts_with('-') {
            return fail("label starts with hyphen");
        }
        if label.ends_with('-') {
            return fail("label ends with hyphen");
        }
        if let Some(c) = label
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(format!("invalid character {}", quote_rune(c)));
        }
    }
    Ok(())
}

/// `email`: a local part, plain or quoted, `@`, and a hostname or a
/// bracketed IPv4 or `IPv6:` address.
pub(super) fn email(s: &str) -> Checked {
    if s.len() > 254 {
        // Go's text says 255 while its test is 254.
        return fail("more than 255 characters long");
    }
    let Some(at) = s.rfind('@') else {
        return fail("missing @");
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return fail("local part more than 64 characters long");
    }
    if local.len() > 1 && local.starts_with('"') {
        // Go drops the last byte whatever it is (the closing quote is not
        // checked), so this works on bytes.
        let inner = &local.as_bytes()[1..local.len() - 1];
        if inner.iter().any(|&b| b == b'\\' || b == b'"') {
            return fail("backslash and quote are not allowed within quoted local part");
        }
    } else {
        if local.starts_with('.') {
            return fail("starts with dot");
        }
        if local.ends_with('.') {
            return fail("ends with dot");
        }
        if local.contains("..") {
            return fail("consecutive dots");
        }
        if let Some(c) = local
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(c)))
        {
            return Err(format!("invalid character {}", quote_rune(c)));
        }
    }
    if let Some(inner) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match inner.strip_prefix("IPv6:") {
            Some(address) => {
                ipv6(address.as_bytes()).map_err(|e| format!("invalid ipv6 address: {e}"))
            }
            None => ipv4(inner).map_err(|e| format!("invalid ipv4 address: {e}")),
        };
    }
    hostname(domain).map_err(|e| format!("invalid domain: {e}"))
}

/// `semver`: `major.minor.patch`, an optional pre-release and build.
pub(super) fn semver(s: &str) -> Checked {
    let mut core = s;
    if let Some((head, build)) = core.split_once('+') {
        if build.is_empty() {
            return fail("build is empty");
        }
        for id in build.split('.') {
            if id.is_empty() {
                return fail("build identifier is empty");
            }
            identifier_chars(id, "build")?;
        }
        core = head;
    }
    if let Some((head, pre)) = core.split_once('-') {
        for id in pre.split('.') {
            if id.is_empty() {
                return fail("pre-release identifier is empty");
            }
            identifier_chars(id, "pre-release")?;
            if id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
                return fail("pre-release numeric identifier starts with zero");
            }
        }
        core = head;
    }
    let versions: Vec<&str> = core.split('.').collect();
    if versions.len() != 3 {
        return fail("versionCore must have 3 numbers separated by dot");
    }
    for (version, name) in versions.into_iter().zip(["major", "minor", "patch"]) {
        if version.is_empty() {
            return Err(format!("{name} is empty"));
        }
        if version.len() > 1 && version.starts_with('0') {
            return Err(format!("{name} starts with zero"));
        }
        if !version.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{name} contains non-digit"));
        }
    }
    Ok(())
}

/// A semver identifier holds ASCII letters, digits and hyphens only.
fn identifier_chars(id: &str, part: &str) -> Checked {
    match id
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
    {
        Some(c) => Err(format!(
            "invalid character {} in {part} identifier",
            quote_rune(c)
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
