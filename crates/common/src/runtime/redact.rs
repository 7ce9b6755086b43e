//! A last line of defence against secrets in messages: credentials embedded in URLs
//! (`https://user:token@host/…`) are cut out of anything written to conditions,
//! events or notifications.

/// `message` with the userinfo of every `scheme://user:pass@host` URL removed.
pub fn redact_url_credentials(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find("://") {
        let (head, tail) = rest.split_at(index + 3);
        out.push_str(head);
        let authority_end = tail
            .find(|c: char| {
                c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '\'' || c == '"'
            })
            .unwrap_or(tail.len());
        let authority = &tail[..authority_end];
        match authority.rfind('@') {
            Some(at) => out.push_str(&authority[at + 1..]),
            None => out.push_str(authority),
        }
        rest = &tail[authority_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_userinfo_from_urls_only() {
        let cases = [
            (
                "failed to clone 'https://git:s3cr3t@example.com/repo.git': 401",
                "failed to clone 'https://example.com/repo.git': 401",
            ),
            ("ssh://git@github.com/org/repo", "ssh://github.com/org/repo"),
            (
                "no url here, user@example.com",
                "no url here, user@example.com",
            ),
            ("http://host:8080/path?a=b@c", "http://host:8080/path?a=b@c"),
            (
                "two https://a:b@x/ and oci://c@y",
                "two https://x/ and oci://y",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(redact_url_credentials(input), want);
        }
    }
}
