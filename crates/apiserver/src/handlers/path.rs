//! Parsing of `/api/...` and `/apis/...` paths into what they address.

/// What a path addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `/apis/<group>`.
    Group(String),
    /// `/api/v1` or `/apis/<group>/<version>`.
    GroupVersion {
        /// Group, empty for core.
        group: String,
        /// Version.
        version: String,
    },
    /// A resource, collection or object.
    Resource(ResourcePath),
}

/// A resource path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResourcePath {
    /// Group, empty for core.
    pub group: String,
    /// Version.
    pub version: String,
    /// Namespace from the path.
    pub namespace: Option<String>,
    /// Plural resource name.
    pub resource: String,
    /// Object name.
    pub name: Option<String>,
    /// Subresource (`status`).
    pub subresource: Option<String>,
}

/// Parses a request path; `None` if it is not an API path.
pub fn parse(path: &str) -> Option<Target> {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let (group, version, rest) = match segs.as_slice() {
        ["api", version, rest @ ..] => (String::new(), (*version).to_owned(), rest),
        ["apis", group] => return Some(Target::Group((*group).to_owned())),
        ["apis", group, version, rest @ ..] => ((*group).to_owned(), (*version).to_owned(), rest),
        _ => return None,
    };
    if rest.iter().any(|s| s.is_empty()) {
        return None;
    }
    let (namespace, rest) = match rest {
        ["namespaces", ns, resource, tail @ ..]
            if !(tail.is_empty() && matches!(*resource, "status" | "finalize")) =>
        {
            (Some((*ns).to_owned()), [&[*resource][..], tail].concat())
        }
        other => (None, other.to_vec()),
    };
    let mut path = ResourcePath {
        group,
        version,
        namespace,
        ..Default::default()
    };
    match rest.as_slice() {
        [] => {
            return Some(Target::GroupVersion {
                group: path.group,
                version: path.version,
            });
        }
        [resource] => path.resource = (*resource).to_owned(),
        [resource, name] => {
            path.resource = (*resource).to_owned();
            path.name = Some((*name).to_owned());
        }
        [resource, name, sub] => {
            path.resource = (*resource).to_owned();
            path.name = Some((*name).to_owned());
            path.subresource = Some((*sub).to_owned());
        }
        _ => return None,
    }
    Some(Target::Resource(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(p: &str) -> ResourcePath {
        match parse(p) {
            Some(Target::Resource(r)) => r,
            other => panic!("{p}: {other:?}"),
        }
    }

    #[test]
    fn parses_namespaced_and_cluster_paths() {
        let r = res("/api/v1/namespaces/ns/configmaps/cm");
        assert_eq!(
            (
                r.namespace.as_deref(),
                r.resource.as_str(),
                r.name.as_deref()
            ),
            (Some("ns"), "configmaps", Some("cm"))
        );
        let r = res("/api/v1/namespaces/ns");
        assert_eq!(
            (r.namespace, r.resource.as_str(), r.name.as_deref()),
            (None, "namespaces", Some("ns"))
        );
        let r = res("/api/v1/namespaces/ns/status");
        assert_eq!(r.subresource.as_deref(), Some("status"));
        let r = res("/apis/apps/v1/namespaces/a/deployments/d/status");
        assert_eq!(
            (r.group.as_str(), r.subresource.as_deref()),
            ("apps", Some("status"))
        );
        let r = res("/apis/apps/v1/deployments");
        assert_eq!((r.namespace, r.name), (None, None));
        assert_eq!(parse("/apis/apps"), Some(Target::Group("apps".into())));
        assert!(matches!(
            parse("/api/v1"),
            Some(Target::GroupVersion { .. })
        ));
        assert_eq!(parse("/metrics"), None);
    }
}
