//! Semantic versions and version constraints as Masterminds/semver v3 reads them:
//! loose versions (`v1`, `1.2`), ranges joined by `,`/space (and) and `||` (or),
//! the operators `= != > >= < <= ~ ~> ^`, `x`/`X`/`*` wildcards, hyphen ranges,
//! and the rule that a prerelease only matches a constraint that names one.

use std::cmp::Ordering;
use std::fmt;

/// A parsed semantic version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Major number.
    pub major: u64,
    /// Minor number.
    pub minor: u64,
    /// Patch number.
    pub patch: u64,
    /// Prerelease, without the `-`.
    pub pre: String,
    /// Build metadata, without the `+`.
    pub metadata: String,
    /// The text it was parsed from.
    pub original: String,
}

/// Why a version or constraint could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SemverError {
    /// Not a semantic version.
    #[error("Invalid Semantic Version")]
    InvalidVersion,
    /// Not a constraint.
    #[error("improper constraint: {0}")]
    InvalidConstraint(String),
}

fn valid_ident(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

impl Version {
    /// Masterminds' `NewVersion` (loose: a `v` prefix and missing minor/patch are fine).
    ///
    /// # Errors
    /// When `text` is not a version.
    pub fn parse(text: &str) -> Result<Version, SemverError> {
        let body = text.strip_prefix('v').unwrap_or(text);
        let (body, metadata) = match body.split_once('+') {
            Some((b, m)) if valid_ident(m) => (b, m),
            Some(_) => return Err(SemverError::InvalidVersion),
            None => (body, ""),
        };
        let (core, pre) = match body.split_once('-') {
            Some((c, p)) if valid_ident(p) => (c, p),
            Some(_) => return Err(SemverError::InvalidVersion),
            None => (body, ""),
        };
        for id in pre.split('.').filter(|_| !pre.is_empty()) {
            if id.len() > 1 && id.starts_with('0') && id.chars().all(|c| c.is_ascii_digit()) {
                return Err(SemverError::InvalidVersion);
            }
        }
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty()
            || parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(SemverError::InvalidVersion);
        }
        let num = |i: usize| -> Result<u64, SemverError> {
            parts.get(i).map_or(Ok(0), |p| {
                p.parse().map_err(|_| SemverError::InvalidVersion)
            })
        };
        Ok(Version {
            major: num(0)?,
            minor: num(1)?,
            patch: num(2)?,
            pre: pre.to_string(),
            metadata: metadata.to_string(),
            original: text.to_string(),
        })
    }

    fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
            pre: String::new(),
            metadata: String::new(),
            original: String::new(),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

fn cmp_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (ap, bp): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for (x, y) in ap.iter().zip(bp.iter()) {
        let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            _ => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ap.len().cmp(&bp.len())
}

impl Ord for Version {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| cmp_pre(&self.pre, &o.pre))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// One comparison such as `>=1.2.x`.
#[derive(Debug, Clone)]
struct Term {
    op: String,
    v: Version,
    /// How many leading segments were given (1 = major only); wildcards cut it.
    given: usize,
}

/// A parsed constraint: alternatives (`||`) of conjunctions.
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<Vec<Term>>,
}

fn parse_term(text: &str) -> Result<Term, SemverError> {
    let ops = ["!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^"];
    let op = ops
        .iter()
        .find(|o| text.starts_with(**o))
        .copied()
        .unwrap_or("");
    let rest = text[op.len()..].trim();
    let op = match op {
        "=>" => ">=",
        "=<" => "<=",
        "~>" => "~",
        o => o,
    };
    let bad = || SemverError::InvalidConstraint(text.to_string());
    let body = rest.strip_prefix('v').unwrap_or(rest);
    let (core, suffix) = match body.find(['-', '+']) {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    let mut segs: Vec<&str> = if core.is_empty() {
        vec![]
    } else {
        core.split('.').collect()
    };
    if segs.len() > 3 {
        return Err(bad());
    }
    let mut given = 0;
    for s in &segs {
        if matches!(*s, "x" | "X" | "*") {
            break;
        }
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        given += 1;
    }
    segs.truncate(given);
    let base = if segs.is_empty() {
        "0".to_string()
    } else {
        segs.join(".")
    };
    let v = Version::parse(&format!("{base}{suffix}")).map_err(|_| bad())?;
    Ok(Term {
        op: op.to_string(),
        v,
        given,
    })
}

impl Constraints {
    /// Masterminds' `NewConstraint`.
    ///
    /// # Errors
    /// When `text` is not a constraint.
    pub fn parse(text: &str) -> Result<Constraints, SemverError> {
        let mut groups = Vec::new();
        for alt in text.split("||") {
            let mut terms = Vec::new();
            let alt = alt.trim();
            // Hyphen ranges: "1.2 - 1.4.5".
            let tokens: Vec<&str> = alt
                .split([',', ' '])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            let mut i = 0;
            // Re-join an operator separated from its version by a space (">= 1.2").
            while i < tokens.len() {
                let tok = tokens[i];
                if tokens.get(i + 1) == Some(&"-") {
                    let hi = tokens
                        .get(i + 2)
                        .ok_or_else(|| SemverError::InvalidConstraint(alt.into()))?;
                    terms.push(parse_term(&format!(">={tok}"))?);
                    terms.push(parse_term(&format!("<={hi}"))?);
                    i += 3;
                    continue;
                }
                if tok.chars().all(|c| "=!<>~^".contains(c)) {
                    let next = tokens
                        .get(i + 1)
                        .ok_or_else(|| SemverError::InvalidConstraint(alt.into()))?;
                    terms.push(parse_term(&format!("{tok}{next}"))?);
                    i += 2;
                    continue;
                }
                terms.push(parse_term(tok)?);
                i += 1;
            }
            if terms.is_empty() {
                terms.push(parse_term("*")?);
            }
            groups.push(terms);
        }
        Ok(Constraints { groups })
    }

    /// Whether `v` satisfies the constraint.
    pub fn matches(&self, v: &Version) -> bool {
        self.groups.iter().any(|g| g.iter().all(|t| t.matches(v)))
    }
}

impl Term {
    fn upper(&self) -> Version {
        match self.given {
            0 => Version::new(u64::MAX, 0, 0),
            1 => Version::new(self.v.major + 1, 0, 0),
            2 => Version::new(self.v.major, self.v.minor + 1, 0),
            _ => Version::new(self.v.major, self.v.minor, self.v.patch + 1),
        }
    }

    fn matches(&self, v: &Version) -> bool {
        if !v.pre.is_empty() && self.v.pre.is_empty() {
            return false;
        }
        let c = &self.v;
        let dirty = self.given < 3;
        let lo = || Version {
            metadata: String::new(),
            ..c.clone()
        };
        match self.op.as_str() {
            "" | "=" => {
                if dirty {
                    *v >= lo() && *v < self.upper()
                } else {
                    v.cmp(c) == Ordering::Equal
                }
            }
            "!=" => {
                if dirty {
                    !(*v >= lo() && *v < self.upper())
                } else {
                    v.cmp(c) != Ordering::Equal
                }
            }
            ">" => {
                if dirty {
                    *v >= self.upper()
                } else {
                    v > c
                }
            }
            ">=" => *v >= lo(),
            "<" => *v < lo(),
            "<=" => {
                if dirty {
                    *v < self.upper()
                } else {
                    v <= c
                }
            }
            "~" => {
                let hi = if self.given <= 1 {
                    Version::new(c.major + 1, 0, 0)
                } else {
                    Version::new(c.major, c.minor + 1, 0)
                };
                *v >= lo() && *v < hi
            }
            "^" => {
                let hi = if c.major > 0 || self.given <= 1 {
                    Version::new(c.major + 1, 0, 0)
                } else if c.minor > 0 || self.given == 2 {
                    Version::new(0, c.minor + 1, 0)
                } else {
                    Version::new(0, 0, c.patch + 1)
                };
                *v >= lo() && *v < hi
            }
            _ => false,
        }
    }
}

/// Whether `version` satisfies `constraint` (Sprig's `semverCompare`).
///
/// # Errors
/// When either does not parse.
pub fn satisfies(constraint: &str, version: &str) -> Result<bool, SemverError> {
    let c = Constraints::parse(constraint)?;
    let v = Version::parse(version)?;
    Ok(c.matches(&v))
}

/// The greatest version in `versions` that satisfies `constraint` (all when it is
/// empty); unparseable versions are skipped.
pub fn latest_matching<'a>(
    constraint: &str,
    versions: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let c = if constraint.trim().is_empty() {
        None
    } else {
        Constraints::parse(constraint).ok()
    };
    versions
        .into_iter()
        .filter_map(|t| Version::parse(t).ok().map(|v| (v, t)))
        .filter(|(v, _)| {
            c.as_ref().is_none_or(|c| c.matches(v)) && (c.is_some() || v.pre.is_empty())
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(c: &str, v: &str) -> bool {
        satisfies(c, v).unwrap()
    }

    #[test]
    fn matches_masterminds_constraints() {
        assert!(ok(">=1.0.0 <2.0.0", "1.5.0"));
        assert!(!ok(">=1.0.0 <2.0.0", "2.0.0"));
        assert!(ok(">=1.0.0, <2.0.0", "1.0.0"));
        assert!(ok("<1 || >=3", "3.1.0"));
        assert!(ok("*", "4.5.6"));
        assert!(!ok("*", "4.5.6-beta.1"));
        assert!(ok("~1.2", "1.2.9"));
        assert!(!ok("~1.2", "1.3.0"));
        assert!(ok("~1", "1.9.0"));
        assert!(ok("^1.2", "1.9.9"));
        assert!(!ok("^1.2", "2.0.0"));
        assert!(ok("^0.2.3", "0.2.9"));
        assert!(!ok("^0.2.3", "0.3.0"));
        assert!(ok("1.2.x", "1.2.7"));
        assert!(!ok("1.2.x", "1.3.0"));
        assert!(ok(">= 1.19-0", "1.29.0"));
        assert!(ok(">=1.19.0-0", "v1.29.3-gke.100"));
        assert!(!ok(">=1.19.0", "1.29.3-gke.100"));
        assert!(ok("1.2 - 1.4.5", "1.4.5"));
        assert!(ok("!=1.2.3", "1.2.4"));
        assert!(ok(">1.x", "2.0.0"));
        assert!(!ok(">1.x", "1.9.0"));
        assert!(ok("<=1.2.x", "1.2.9"));
        assert!(satisfies("foo", "1.0.0").is_err());
        assert!(satisfies(">=1", "x.y").is_err());
    }

    #[test]
    fn finds_the_latest_matching_version() {
        let vs = ["1.0.0", "1.2.0", "2.0.0-rc.1", "1.10.0", "bad"];
        assert_eq!(latest_matching("^1.0", vs), Some("1.10.0"));
        assert_eq!(latest_matching("", vs), Some("1.10.0"));
        assert_eq!(latest_matching(">=2.0.0-0", vs), Some("2.0.0-rc.1"));
    }
}
