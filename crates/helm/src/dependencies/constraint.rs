//! Semver constraints as Masterminds/semver v3 reads them (`1.42.*`, `2.x.x`,
//! `~1.2`, `^0.3`, `>=1.19.0-0 <2`, `a || b`, `1.0 - 2.0`): used to match vendored
//! subcharts to their declared versions and to check `kubeVersion`.

use semver::Version;

/// Whether `version` satisfies `constraint`; a malformed constraint or version
/// never matches (like Helm's `IsCompatibleRange`).
pub(crate) fn satisfies(constraint: &str, version: &str) -> bool {
    let Some(v) = parse_version(version) else {
        return false;
    };
    let constraint = constraint.trim();
    if constraint.is_empty() {
        return false;
    }
    constraint.split("||").any(|group| {
        let Some(cs) = parse_group(group) else {
            return false;
        };
        !cs.is_empty() && cs.iter().all(|c| c.allows(&v))
    })
}

/// Parses a version leniently: optional `v`, missing minor/patch taken as 0.
pub(crate) fn parse_version(s: &str) -> Option<Version> {
    let s = s.trim().trim_start_matches(['v', 'V']);
    let (core, rest) = match s.find(['-', '+']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let mut parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    while parts.len() < 3 {
        parts.push("0");
    }
    let nums: Vec<String> = parts
        .iter()
        .map(|p| p.parse::<u64>().map(|n| n.to_string()))
        .collect::<Result<_, _>>()
        .ok()?;
    Version::parse(&format!("{}{rest}", nums.join("."))).ok()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug)]
struct Comparator {
    op: Op,
    version: Version,
}

impl Comparator {
    fn allows(&self, v: &Version) -> bool {
        // A prerelease only matches comparators that name a prerelease themselves.
        if !v.pre.is_empty() && self.version.pre.is_empty() && self.op != Op::Ne {
            return false;
        }
        let ord = cmp(v, &self.version);
        match self.op {
            Op::Eq => ord.is_eq(),
            Op::Ne => !ord.is_eq(),
            Op::Gt => ord.is_gt(),
            Op::Ge => ord.is_ge(),
            Op::Lt => ord.is_lt(),
            Op::Le => ord.is_le(),
        }
    }
}

fn cmp(a: &Version, b: &Version) -> std::cmp::Ordering {
    (a.major, a.minor, a.patch, &a.pre).cmp(&(b.major, b.minor, b.patch, &b.pre))
}

/// A partially written version: `1`, `1.2`, `1.x`, `1.2.3-rc.1`.
struct Partial {
    nums: Vec<u64>,
    pre: String,
}

fn parse_partial(s: &str) -> Option<Partial> {
    let s = s.trim().trim_start_matches(['v', 'V']);
    let s = s.split('+').next().unwrap_or(s);
    let (core, pre) = match s.split_once('-') {
        Some((c, p)) => (c, p.to_string()),
        None => (s, String::new()),
    };
    let mut nums = Vec::new();
    for part in core.split('.') {
        if matches!(part, "x" | "X" | "*") {
            break;
        }
        nums.push(part.parse().ok()?);
    }
    if nums.len() > 3 {
        return None;
    }
    Some(Partial { nums, pre })
}

fn version_of(nums: &[u64], pre: &str) -> Option<Version> {
    let n = |i: usize| nums.get(i).copied().unwrap_or(0);
    let mut v = Version::new(n(0), n(1), n(2));
    if !pre.is_empty() {
        v.pre = semver::Prerelease::new(pre).ok()?;
    }
    Some(v)
}

/// The first version after the wildcard range of `p` (`1.2` → `1.3.0`).
fn bump(p: &Partial) -> Option<Version> {
    match p.nums.len() {
        0 => None,
        1 => version_of(&[p.nums[0] + 1], ""),
        _ => version_of(&[p.nums[0], p.nums[1] + 1], ""),
    }
}

fn parse_group(group: &str) -> Option<Vec<Comparator>> {
    let group = group.trim();
    if let Some((lo, hi)) = group.split_once(" - ") {
        let lo = parse_partial(lo)?;
        let hi = parse_partial(hi)?;
        let mut out = vec![Comparator {
            op: Op::Ge,
            version: version_of(&lo.nums, &lo.pre)?,
        }];
        if hi.nums.len() >= 3 {
            out.push(Comparator {
                op: Op::Le,
                version: version_of(&hi.nums, &hi.pre)?,
            });
        } else if let Some(b) = bump(&hi) {
            out.push(Comparator {
                op: Op::Lt,
                version: b,
            });
        }
        return Some(out);
    }
    // Operators may be separated from their version by spaces (`>= 1.2`).
    let normalized = group.replace(',', " ");
    let mut tokens: Vec<String> = Vec::new();
    for tok in normalized.split_whitespace() {
        match tokens.last_mut() {
            Some(last) if last.chars().all(|c| "<>=!~^".contains(c)) => last.push_str(tok),
            _ => tokens.push(tok.to_string()),
        }
    }
    let mut out = Vec::new();
    for tok in tokens {
        out.extend(parse_one(&tok)?);
    }
    Some(out)
}

fn parse_one(tok: &str) -> Option<Vec<Comparator>> {
    let op_len = tok
        .find(|c: char| !"<>=!~^".contains(c))
        .unwrap_or(tok.len());
    let (op, rest) = tok.split_at(op_len);
    let p = parse_partial(rest)?;
    let exact = p.nums.len() == 3;
    let base = version_of(&p.nums, &p.pre)?;
    let c = |op, version| Comparator { op, version };
    Some(match op {
        "" | "=" if exact => vec![c(Op::Eq, base)],
        "" | "=" => match bump(&p) {
            Some(b) => vec![c(Op::Ge, base), c(Op::Lt, b)],
            None => vec![c(Op::Ge, Version::new(0, 0, 0))],
        },
        "!=" => vec![c(Op::Ne, base)],
        ">" if exact => vec![c(Op::Gt, base)],
        ">" => vec![c(Op::Ge, bump(&p)?)],
        ">=" | "=>" => vec![c(Op::Ge, base)],
        "<" => vec![c(Op::Lt, base)],
        "<=" | "=<" if exact => vec![c(Op::Le, base)],
        "<=" | "=<" => vec![c(Op::Lt, bump(&p)?)],
        "~" | "~>" => {
            let upper = if p.nums.len() <= 1 {
                version_of(&[p.nums.first().copied().unwrap_or(0) + 1], "")?
            } else {
                version_of(&[p.nums[0], p.nums[1] + 1], "")?
            };
            vec![c(Op::Ge, base), c(Op::Lt, upper)]
        }
        "^" => {
            let n = |i: usize| p.nums.get(i).copied();
            let upper = match (n(0), n(1), n(2)) {
                (Some(0), Some(0), Some(z)) => version_of(&[0, 0, z + 1], "")?,
                (Some(0), Some(y), _) if y > 0 || p.nums.len() == 2 => version_of(&[0, y + 1], "")?,
                (Some(x), _, _) => version_of(&[x + 1], "")?,
                (None, _, _) => return Some(vec![c(Op::Ge, Version::new(0, 0, 0))]),
            };
            vec![c(Op::Ge, base), c(Op::Lt, upper)]
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::satisfies;

    #[test]
    fn wildcards_tilde_caret_and_ranges() {
        assert!(satisfies("1.42.*", "1.42.0"));
        assert!(!satisfies("1.42.*", "1.43.0"));
        assert!(satisfies("2.x.x", "2.31.4"));
        assert!(satisfies("0.3.0", "0.3.0"));
        assert!(!satisfies("0.3.0", "0.3.1"));
        assert!(satisfies("~1.2", "1.2.9"));
        assert!(satisfies("^0.3", "0.3.5"));
        assert!(!satisfies("^0.3", "0.4.0"));
        assert!(satisfies(">=1.19.0-0", "v1.36.0"));
        assert!(satisfies(">= 1.19.0-0, < 2.0.0", "1.36.0"));
        assert!(satisfies("<1.0 || >=1.30", "1.36.0"));
        assert!(satisfies("1.0 - 2.0", "2.0.5"));
        assert!(!satisfies(">=1.0.0", "1.2.0-rc.1"));
        assert!(!satisfies("", "1.0.0"));
    }
}
