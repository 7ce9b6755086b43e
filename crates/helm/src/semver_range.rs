//! Semantic versions and version constraints as Masterminds/semver v3 reads them:
//! loose versions (`v1`, `1.2`), ranges joined by `,`/space (and) and `||` (or),
//! the operators `= != > >= < <= ~ ~> ^`, `x`/`X`/`*` wildcards, hyphen ranges,
//! and the rule that a prerelease only matches a constraint that names one.

use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::funcs::go_quote;

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

/// Why a version or constraint could not be parsed, in Masterminds/semver
/// v3.5's words (Helm 4.2's version).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SemverError {
    /// Not a semantic version.
    #[error("invalid semantic version")]
    InvalidVersion,
    /// A numeric prerelease identifier with a leading zero.
    #[error("version segment starts with 0")]
    SegmentStartsZero,
    /// A number too large for 64 bits.
    #[error("error parsing version segment: strconv.ParseUint: parsing {0}: value out of range")]
    SegmentOutOfRange(String),
    /// Not a constraint (the quoted part).
    #[error("improper constraint: {0}")]
    InvalidConstraint(String),
    /// A constraint whose version does not parse.
    #[error("constraint parser error")]
    ConstraintParser,
}

/// Go's `\s`: ASCII whitespace without the vertical tab.
const WS: &str = r"[\t\n\f\r ]";

/// Masterminds' loose version pattern (`CoerceNewVersion`, its default):
/// major, `.minor`, `.patch`, `-prerelease`, `+metadata`.
static LOOSE_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?",
        r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?",
        r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$"
    ))
});

/// A constraint's version: wildcards allowed in the numbers (and, as in
/// Masterminds' class, `|`).
const CV: &str = concat!(
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?",
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?",
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
);
/// The operators, the empty one second as in Masterminds' alternation.
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

fn pattern(text: &str) -> Regex {
    Regex::new(text).unwrap_or_else(|_| unreachable!("a valid pattern"))
}

static CONSTRAINT: LazyLock<Regex> =
    LazyLock::new(|| pattern(&format!(r"^{WS}*({OPS}){WS}*({CV}){WS}*$")));
static CONSTRAINT_RANGE: LazyLock<Regex> =
    LazyLock::new(|| pattern(&format!(r"{WS}*({CV}){WS}+-{WS}+({CV}){WS}*")));
static FIND_CONSTRAINT: LazyLock<Regex> =
    LazyLock::new(|| pattern(&format!(r"({OPS}){WS}*({CV})")));
static VALID_CONSTRAINT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"^({WS}*({OPS}){WS}*({CV}){WS}*)((?:{WS}+|,{WS}*)({OPS}){WS}*({CV}){WS}*)*$"
    ))
});

impl Version {
    /// Masterminds' `NewVersion` (loose: a `v` prefix and missing minor/patch are fine).
    ///
    /// # Errors
    /// When `text` is not a version.
    pub fn parse(text: &str) -> Result<Version, SemverError> {
        let m = LOOSE_VERSION
            .captures(text)
            .ok_or(SemverError::InvalidVersion)?;
        let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
        let number = |i: usize| -> Result<u64, SemverError> {
            let digits = group(i).trim_start_matches('.');
            if digits.is_empty() {
                return Ok(0);
            }
            digits
                .parse()
                .map_err(|_| SemverError::SegmentOutOfRange(go_quote(digits)))
        };
        let (major, minor, patch) = (number(1)?, number(2)?, number(3)?);
        let pre = group(5);
        // The pattern leaves only this of Masterminds' prerelease checks.
        for id in pre.split('.').filter(|_| !pre.is_empty()) {
            if id.len() > 1 && id.starts_with('0') && id.bytes().all(|c| c.is_ascii_digit()) {
                return Err(SemverError::SegmentStartsZero);
            }
        }
        Ok(Version {
            major,
            minor,
            patch,
            pre: pre.to_string(),
            metadata: group(8).to_string(),
            original: text.to_string(),
        })
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

/// One comparison such as `>=1.2.x`, as Masterminds' `parseConstraint` makes it.
#[derive(Debug, Clone)]
struct Term {
    /// The operator as written (`""`, `=`, `=>`, `~>`, …).
    op: String,
    /// The version, wildcards and missing parts as zeros.
    con: Version,
    /// A wildcard or missing part somewhere.
    dirty: bool,
    /// The minor (and so the patch) part is a wildcard or missing.
    minor_dirty: bool,
    /// The patch part is a wildcard or missing.
    patch_dirty: bool,
}

/// A parsed constraint: alternatives (`||`) of conjunctions, and whether each
/// conjunction names a prerelease (then all its terms admit prereleases).
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<(Vec<Term>, bool)>,
}

fn is_x(part: &str) -> bool {
    matches!(part, "x" | "X" | "*")
}

fn parse_term(text: &str) -> Result<Term, SemverError> {
    let m = CONSTRAINT
        .captures(text)
        .ok_or_else(|| SemverError::InvalidConstraint(go_quote(text)))?;
    let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
    let (major, minor, patch, pre) = (group(3), group(4), group(5), group(6));
    let minor_part = minor.trim_start_matches('.');
    let patch_part = patch.trim_start_matches('.');
    let (version, dirty, minor_dirty, patch_dirty) = if is_x(major) || major.is_empty() {
        (format!("0.0.0{pre}"), true, false, false)
    } else if is_x(minor_part) || minor.is_empty() {
        (format!("{major}.0.0{pre}"), true, true, false)
    } else if is_x(patch_part) || patch.is_empty() {
        (format!("{major}{minor}.0{pre}"), true, false, true)
    } else {
        (group(2).to_string(), false, false, false)
    };
    let con = Version::parse(&version).map_err(|_| SemverError::ConstraintParser)?;
    Ok(Term {
        op: group(1).to_string(),
        con,
        dirty,
        minor_dirty,
        patch_dirty,
    })
}

/// Masterminds' `rewriteRange`: `a - b` becomes `>= a, <= b `.
fn rewrite_range(text: &str) -> String {
    let mut out = text.to_string();
    for m in CONSTRAINT_RANGE.captures_iter(text) {
        let whole = m.get(0).map_or("", |g| g.as_str());
        let (low, high) = (
            m.get(1).map_or("", |g| g.as_str()),
            m.get(11).map_or("", |g| g.as_str()),
        );
        out = out.replacen(whole, &format!(">= {low}, <= {high} "), 1);
    }
    out
}

impl Constraints {
    /// Masterminds' `NewConstraint`.
    ///
    /// # Errors
    /// When `text` is not a constraint.
    pub fn parse(text: &str) -> Result<Constraints, SemverError> {
        let text = rewrite_range(text);
        let mut groups = Vec::new();
        for alt in text.split("||") {
            if !VALID_CONSTRAINT.is_match(alt) {
                return Err(SemverError::InvalidConstraint(go_quote(alt)));
            }
            let terms = FIND_CONSTRAINT
                .find_iter(alt)
                .map(|m| parse_term(m.as_str()))
                .collect::<Result<Vec<_>, _>>()?;
            let names_pre = terms.iter().any(|t| !t.con.pre.is_empty());
            groups.push((terms, names_pre));
        }
        Ok(Constraints { groups })
    }

    /// Whether `v` satisfies the constraint (Masterminds' `Check`).
    pub fn matches(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .any(|(terms, pre)| terms.iter().all(|t| t.matches(v, *pre)))
    }
}

impl Term {
    /// Masterminds' constraint functions, their verdicts without the reasons.
    fn matches(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op.as_str() {
            "" | "=" => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.cmp(c) == Ordering::Equal
                }
            }
            "!=" => self.not_equal(v),
            ">" => self.greater(v),
            "<" => v < c,
            ">=" | "=>" => v >= c,
            "<=" | "=<" => self.less_or_equal(v),
            "~" | "~>" => self.tilde(v),
            "^" => self.caret(v),
            _ => false,
        }
    }

    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if self.dirty {
            if c.major != v.major {
                return true;
            }
            if c.minor != v.minor && !self.minor_dirty {
                return true;
            } else if self.minor_dirty {
                return false;
            } else if c.patch != v.patch && !self.patch_dirty {
                return true;
            } else if self.patch_dirty {
                return (!v.pre.is_empty() || !c.pre.is_empty())
                    && cmp_pre(&v.pre, &c.pre) != Ordering::Equal;
            }
        }
        v.cmp(c) != Ordering::Equal
    }

    fn greater(&self, v: &Version) -> bool {
        let c = &self.con;
        if !self.dirty {
            return v > c;
        }
        if v.major != c.major {
            return v.major > c.major;
        }
        if self.minor_dirty {
            return false;
        }
        if self.patch_dirty {
            return v.minor > c.minor;
        }
        v > c
    }

    fn less_or_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if !self.dirty {
            return v <= c;
        }
        !(v.major > c.major || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v < c {
            return false;
        }
        // `~0.0.0` (and `~*`) admit everything.
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        v.major == c.major && (v.minor == c.minor || self.minor_dirty)
    }

    fn caret(&self, v: &Version) -> bool {
        let c = &self.con;
        if v < c {
            return false;
        }
        if c.major > 0 || self.minor_dirty {
            return v.major == c.major;
        }
        if v.major > 0 {
            return false;
        }
        if c.minor > 0 || self.patch_dirty {
            return v.minor == c.minor;
        }
        if v.minor > 0 {
            return false;
        }
        c.patch == v.patch
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
