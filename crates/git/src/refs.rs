//! Which commit a [`Reference`] (a GitRepository's `spec.ref`) selects, decided
//! from the remote's advertisement alone (so an unchanged revision needs no
//! clone), with Flux's precedence: commit, then name, then semver, then tag,
//! then branch (`master`).

use super::GitError;
use super::advertisement::Advertisement;

/// The default branch when `spec.ref` is empty.
pub const DEFAULT_BRANCH: &str = "master";

/// The wanted revision; empty fields are unset (as in Flux's `spec.ref`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reference {
    /// A branch name.
    pub branch: Option<String>,
    /// A tag name.
    pub tag: Option<String>,
    /// A semver range over the tags.
    pub semver: Option<String>,
    /// A full ref name (`refs/…`).
    pub name: Option<String>,
    /// A full SHA-1 commit id.
    pub commit: Option<String>,
}

/// What to fetch and how the result is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The object ids to ask the server for.
    pub wants: Vec<String>,
    /// `Some(1)` for a shallow fetch.
    pub depth: Option<u32>,
    /// The commit to check out.
    pub commit: String,
    /// The ref part of the revision (`main`, `v1.0.0`, `refs/pull/1/head`), none for a bare commit.
    pub name: Option<String>,
    /// For a tag ref (`refs/tags/…`), the object it points at: an annotated tag
    /// object (fetched with the commit) or, for a lightweight tag, the commit.
    pub tag_object: Option<String>,
}

impl Selection {
    /// Flux's revision string: `<name>@sha1:<commit>` or `sha1:<commit>`.
    pub fn revision(&self) -> String {
        match &self.name {
            Some(name) => format!("{name}@sha1:{}", self.commit),
            None => format!("sha1:{}", self.commit),
        }
    }
}

/// Resolves `reference` against `adv`.
pub fn select(r: &Reference, adv: &Advertisement) -> Result<Selection, GitError> {
    for name in [&r.branch, &r.tag, &r.name].into_iter().flatten() {
        validate_ref_name(name)?;
    }
    if let Some(commit) = non_empty(&r.commit) {
        let commit = commit.to_ascii_lowercase();
        if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GitError::InvalidRef(format!(
                "commit '{commit}' is not a full SHA-1"
            )));
        }
        // Servers only hand out advertised tips: fetch the branch (or every
        // branch) in full and look for the commit in it.
        let (wants, name) = match non_empty(&r.branch) {
            Some(branch) => {
                let tip = lookup(adv, &format!("refs/heads/{branch}"), branch)?;
                (vec![tip.to_owned()], Some(branch.to_owned()))
            }
            None => (
                adv.refs
                    .iter()
                    .filter(|(n, _)| n.starts_with("refs/heads/"))
                    .map(|(_, o)| o.clone())
                    .collect(),
                None,
            ),
        };
        return Ok(Selection {
            wants,
            depth: None,
            commit,
            name,
            tag_object: None,
        });
    }
    if let Some(name) = non_empty(&r.name) {
        if !name.starts_with("refs/") {
            return Err(GitError::InvalidRef(format!(
                "ref name '{name}' must start with 'refs/'"
            )));
        }
        return shallow(adv, name, name);
    }
    if let Some(range) = non_empty(&r.semver) {
        let tag = highest_matching_tag(adv, range)?;
        return shallow(adv, &format!("refs/tags/{tag}"), &tag);
    }
    if let Some(tag) = non_empty(&r.tag) {
        return shallow(adv, &format!("refs/tags/{tag}"), tag);
    }
    let branch = non_empty(&r.branch).unwrap_or(DEFAULT_BRANCH);
    shallow(adv, &format!("refs/heads/{branch}"), branch)
}

/// A depth-1 fetch of the ref `full`: the advertised object is wanted (servers
/// refuse unadvertised ids over stateful transports), its commit checked out.
fn shallow(adv: &Advertisement, full: &str, shown: &str) -> Result<Selection, GitError> {
    let commit = lookup(adv, full, shown)?.to_owned();
    let want = adv
        .refs
        .get(full)
        .cloned()
        .unwrap_or_else(|| commit.clone());
    let tag_object = full.starts_with("refs/tags/").then(|| want.clone());
    Ok(Selection {
        wants: vec![want],
        depth: Some(1),
        commit,
        name: Some(shown.to_owned()),
        tag_object,
    })
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn lookup<'a>(adv: &'a Advertisement, full: &str, shown: &str) -> Result<&'a str, GitError> {
    adv.commit_of(full)
        .ok_or_else(|| GitError::RefNotFound(shown.to_owned()))
}

/// Rejects what `git check-ref-format` rejects and could confuse a path or URL.
pub fn validate_ref_name(name: &str) -> Result<(), GitError> {
    let bad = name.is_empty()
        || name.contains("..")
        || name.contains("@{")
        || name.contains("//")
        || name.starts_with(['/', '-', '.'])
        || name.ends_with(['/', '.'])
        || name.ends_with(".lock")
        || name.split('/').any(|part| part.starts_with('.'))
        || name
            .chars()
            .any(|c| c.is_control() || " ~^:?*[\\".contains(c));
    if bad {
        return Err(GitError::InvalidRef(format!("invalid ref name '{name}'")));
    }
    Ok(())
}

/// The highest tag matching the semver `range`.
fn highest_matching_tag(adv: &Advertisement, range: &str) -> Result<String, GitError> {
    let req = parse_range(range)?;
    let mut best: Option<(semver::Version, &str)> = None;
    for name in adv.refs.keys() {
        let Some(tag) = name.strip_prefix("refs/tags/") else {
            continue;
        };
        let Ok(version) = semver::Version::parse(tag.strip_prefix('v').unwrap_or(tag)) else {
            continue;
        };
        if req.matches(&version) && best.as_ref().is_none_or(|(b, _)| version > *b) {
            best = Some((version, tag));
        }
    }
    best.map(|(_, tag)| tag.to_owned())
        .ok_or_else(|| GitError::NoMatchingTag(range.to_owned()))
}

/// Accepts Masterminds-style ranges too: comparators separated by spaces.
fn parse_range(range: &str) -> Result<semver::VersionReq, GitError> {
    let invalid = || GitError::InvalidRef(format!("invalid semver range '{range}'"));
    if range.contains("||") {
        return Err(invalid());
    }
    let mut parts: Vec<String> = Vec::new();
    let mut operator = String::new();
    for token in range.split([' ', ',']).filter(|t| !t.is_empty()) {
        if token.chars().all(|c| "<>=~^".contains(c)) {
            // `>= 1.0` written with a space: the operator joins the next token.
            operator.push_str(token);
            continue;
        }
        parts.push(strip_v(&format!("{operator}{token}")));
        operator.clear();
    }
    semver::VersionReq::parse(&parts.join(", ")).map_err(|_| invalid())
}

fn strip_v(token: &str) -> String {
    let split = token
        .find(|c: char| !"<>=~^".contains(c))
        .unwrap_or(token.len());
    let (op, version) = token.split_at(split);
    format!("{op}{}", version.strip_prefix('v').unwrap_or(version))
}

#[cfg(test)]
mod tests;
