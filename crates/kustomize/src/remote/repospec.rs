//! Git remote URLs, split exactly as Kustomize v5.5.0's `NewRepoSpecFromURL`
//! does: host (scheme, user, domain), repository path, kustomization root
//! inside the repository, and the `ref`/`version`, `timeout`, `submodules`
//! query parameters.

use std::time::Duration;

use super::RemoteError;
use super::query;

/// Kustomize's git command timeout when the URL sets none.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(27);

/// A git repository, a ref, and a kustomization root inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoSpec {
    /// Scheme, user and host, e.g. `https://github.com/` or `git@github.com:`.
    pub host: String,
    /// Path of the repository on the host, e.g. `org/repo` or `org/repo.git`.
    pub repo_path: String,
    /// Directory of the kustomization inside the repository (`""` for its root).
    pub kust_root_path: String,
    /// Branch, tag or commit (`ref=`, else `version=`); empty for the default branch.
    pub git_ref: String,
    /// Whether submodules are cloned (`submodules=`, default true).
    pub submodules: bool,
    /// Time allowed for git commands (`timeout=`, default 27s).
    pub timeout: Duration,
}

impl RepoSpec {
    /// Parses a git-like URL, failing for anything kustomize would not clone.
    pub fn parse(url: &str) -> Result<Self, RemoteError> {
        let bad = |reason: &str| RemoteError::InvalidUrl {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        if url.starts_with('/') {
            return Err(bad("uri looks like abs path"));
        }
        let (n, q) = url.split_once('?').unwrap_or((url, ""));
        let (git_ref, timeout, submodules) = parse_query(q);
        let (host, rest) = extract_host(n).map_err(bad)?;
        let all = host.starts_with(FILE);
        let (repo_path, kust_root_path) = parse_path_parts(rest, all).map_err(bad)?;
        Ok(RepoSpec {
            host,
            repo_path,
            kust_root_path,
            git_ref,
            submodules,
            timeout,
        })
    }

    /// The argument `git clone` would get.
    pub fn clone_spec(&self) -> String {
        format!("{}{}", self.host, self.repo_path)
    }
}

const FILE: &str = "file://";

fn parse_query(q: &str) -> (String, Duration, bool) {
    let Some(values) = query::parse(q) else {
        return (String::new(), DEFAULT_TIMEOUT, true);
    };
    let get = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let git_ref = match get("ref") {
        "" => get("version"),
        r => r,
    };
    let t = get("timeout");
    let timeout = match t.parse::<i64>() {
        Ok(secs) if secs > 0 => Duration::from_secs(secs.unsigned_abs()),
        _ => query::parse_duration(t)
            .filter(|d| !d.is_zero())
            .unwrap_or(DEFAULT_TIMEOUT),
    };
    let submodules = query::parse_bool(get("submodules")).unwrap_or(true);
    (git_ref.to_string(), timeout, submodules)
}

fn trim_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn extract_host(n: &str) -> Result<(String, &str), &'static str> {
    let n = trim_prefix_ignore_case(n, "git::").unwrap_or(n);
    // `git://` is Oxbow's addition: Kustomize takes it for a local path and fails.
    let (scheme, n) = ["ssh://", "https://", "http://", "git://", FILE]
        .iter()
        .find_map(|p| trim_prefix_ignore_case(n, p).map(|rest| (*p, rest)))
        .unwrap_or(("", n));
    let after_scheme = n;
    let (username, n) = n.split_at(username_len(n));
    let lower = n.to_ascii_lowercase();
    let std_github = lower.starts_with("github.com/") || lower.starts_with("github.com:");
    let accept_scp = scheme.is_empty() && (!username.is_empty() || std_github);
    if scheme.is_empty() && !accept_scp {
        return Err("failed to parse scheme");
    }
    if scheme == FILE {
        // The rest (user included) is the path of a local repository.
        return Ok((scheme.to_string(), after_scheme));
    }
    let (mut host, rest) = match find_path_separator(n, accept_scp) {
        Some(i) => (&n[..=i], &n[i + 1..]),
        None => (n, ""),
    };
    let (mut scheme, mut username) = (scheme, username);
    if std_github {
        (scheme, username, host) = if scheme.starts_with("ssh://") || !username.is_empty() {
            ("", username, "github.com:")
        } else {
            ("https://", "", "github.com/")
        };
    }
    if host.is_empty() {
        return Err("failed to parse host segment");
    }
    Ok((format!("{scheme}{username}{host}"), rest))
}

/// Length of a leading `user@` (`^[a-zA-Z][a-zA-Z0-9-]*@`), or 0.
fn username_len(s: &str) -> usize {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return 0;
    }
    let end = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-'))
        .unwrap_or(b.len());
    if b.get(end) == Some(&b'@') {
        end + 1
    } else {
        0
    }
}

fn find_path_separator(s: &str, accept_scp: bool) -> Option<usize> {
    let slash = s.find('/');
    if accept_scp {
        // In scp-like URLs a colon before the first slash ends the host.
        if let Some(colon) = s.find(':').filter(|c| *c > 0)
            && slash.is_none_or(|sl| colon < sl)
        {
            return Some(colon);
        }
    }
    slash
}

fn parse_path_parts(n: &str, all_segments: bool) -> Result<(String, String), &'static str> {
    let split = explicit_marker_split(n).or_else(|| default_length_split(n, all_segments));
    let Some((repo, root)) = split.filter(|(repo, _)| !repo.is_empty()) else {
        return Err("failed to parse repo path segment");
    };
    if exits_repo(&root) {
        return Err("url path exits repo");
    }
    let root = root.strip_prefix('/').map(str::to_string).unwrap_or(root);
    Ok((repo, root))
}

fn explicit_marker_split(n: &str) -> Option<(String, String)> {
    const GIT_ROOT: &str = "_git/";
    if let Some(i) = n.find(GIT_ROOT) {
        let (root, sub) = n.split_at(i + GIT_ROOT.len());
        let (repo, path) = sub.split_once('/').unwrap_or((sub, ""));
        return Some((format!("{root}{repo}"), path.to_string()));
    }
    if let Some(i) = n.find("//") {
        return Some((n[..i].to_string(), n[i + 2..].to_string()));
    }
    let i = n.find(".git")? + ".git".len();
    Some((n[..i].to_string(), n[i..].to_string()))
}

fn default_length_split(n: &str, all_segments: bool) -> Option<(String, String)> {
    if all_segments {
        return Some((n.to_string(), String::new()));
    }
    let segments: Vec<&str> = n.split('/').collect();
    (segments.len() >= 2).then(|| (segments[..2].join("/"), segments[2..].join("/")))
}

/// Go's `filepath.Clean` of the root path starts with `..`.
fn exits_repo(root: &str) -> bool {
    let mut depth: i64 = 0;
    for part in root.trim_start_matches('/').split('/') {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(url: &str) -> (String, String, String, String) {
        let s = RepoSpec::parse(url).unwrap();
        (s.host, s.repo_path, s.kust_root_path, s.git_ref)
    }

    fn t(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
        (a.into(), b.into(), c.into(), d.into())
    }

    #[test]
    fn parses_github_forms() {
        let want = t("https://github.com/", "org/repo", "dir/sub", "v1");
        assert_eq!(spec("github.com/org/repo/dir/sub?ref=v1"), want);
        assert_eq!(
            spec("https://github.com/org/repo//dir/sub?version=v1"),
            want
        );
        assert_eq!(
            spec("git::https://github.com/org/repo/dir/sub?ref=v1"),
            want
        );
        assert_eq!(
            spec("git@github.com:org/repo.git/dir?ref=main"),
            t("git@github.com:", "org/repo.git", "dir", "main")
        );
        assert_eq!(
            spec("ssh://git@github.com/org/repo"),
            t("git@github.com:", "org/repo", "", "")
        );
        assert_eq!(
            spec("https://GitHub.com/org/repo.git"),
            t("https://github.com/", "org/repo.git", "", "")
        );
    }

    #[test]
    fn parses_other_hosts() {
        assert_eq!(
            spec("https://gitlab.com/group/sub/repo.git//deploy?ref=abc"),
            t("https://gitlab.com/", "group/sub/repo.git", "deploy", "abc")
        );
        assert_eq!(
            spec("https://user@dev.azure.com/org/project/_git/repo/path/to?ref=x"),
            t(
                "https://user@dev.azure.com/",
                "org/project/_git/repo",
                "path/to",
                "x"
            )
        );
        assert_eq!(
            spec("git@gitlab.com:org/repo.git"),
            t("git@gitlab.com:", "org/repo.git", "", "")
        );
        assert_eq!(
            spec("ssh://git@example.com:2222/org/repo.git/base"),
            t("ssh://git@example.com:2222/", "org/repo.git", "base", "")
        );
        assert_eq!(
            spec("file:///srv/repos/app.git//base"),
            t("file://", "/srv/repos/app.git", "base", "")
        );
        assert_eq!(
            spec("file:///srv/repos/app"),
            t("file://", "/srv/repos/app", "", "")
        );
    }

    #[test]
    fn reads_timeout_and_submodules() {
        let s = RepoSpec::parse("github.com/o/r?timeout=61&submodules=false").unwrap();
        assert_eq!((s.timeout, s.submodules), (Duration::from_secs(61), false));
        let s = RepoSpec::parse("github.com/o/r?timeout=2m&ref=a&version=b").unwrap();
        assert_eq!(
            (s.timeout, s.git_ref.as_str()),
            (Duration::from_secs(120), "a")
        );
        let s = RepoSpec::parse("github.com/o/r?timeout=nope&submodules=maybe").unwrap();
        assert_eq!((s.timeout, s.submodules), (DEFAULT_TIMEOUT, true));
    }

    #[test]
    fn refuses_what_kustomize_refuses() {
        for url in [
            "/abs/path",
            "example.com/org/repo",
            "https://example.com/org/repo//../../x",
            "https://example.com/",
            "github.com/org",
        ] {
            assert!(RepoSpec::parse(url).is_err(), "{url}");
        }
    }
}
