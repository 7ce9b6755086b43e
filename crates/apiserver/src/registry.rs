//! The resource registry: which group/version/resource triples are served, their
//! kinds, scope, short names and subresources. Built-in kinds are fixed; each
//! CustomResourceDefinition adds (or replaces) an entry at run time.

mod builtin;
pub(crate) mod crd;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::schema::Structural;

/// Group and plural resource name: the storage identity of a resource, shared by all
/// its versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupResource {
    /// API group, empty for core.
    pub group: String,
    /// Plural resource name, e.g. `configmaps`.
    pub resource: String,
}

impl GroupResource {
    /// A group/resource pair.
    pub fn new(group: &str, resource: &str) -> Self {
        Self {
            group: group.to_owned(),
            resource: resource.to_owned(),
        }
    }
}

/// Printer column of a CRD version, used for `Table` output.
#[derive(Debug, Clone)]
pub struct PrinterColumn {
    /// Column header.
    pub name: String,
    /// OpenAPI type of the value (`string`, `integer`, `date`, ...).
    pub type_: String,
    /// Optional format.
    pub format: String,
    /// Description shown by `kubectl explain`-like tools.
    pub description: String,
    /// Priority: 0 is shown by default, higher only with `-o wide`.
    pub priority: i64,
    /// Simple JSONPath, e.g. `.status.conditions[?(@.type=="Ready")].status`.
    pub json_path: String,
}

/// One served version of a resource.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    /// Version name, e.g. `v1`.
    pub name: String,
    /// Structural schema (CRDs only).
    pub schema: Option<Arc<Structural>>,
    /// The raw `openAPIV3Schema` (CRDs only), for OpenAPI publishing and list types.
    pub raw_schema: Option<serde_json::Value>,
    /// Printer columns (CRDs only; built-ins use a fixed table).
    pub columns: Vec<PrinterColumn>,
    /// Map and list types for merging (built from the schema once).
    pub list_schema: Arc<crate::patch::ListSchema>,
}

/// Everything the server knows about one resource.
#[derive(Debug, Clone)]
pub struct ResourceInfo {
    /// API group, empty for core.
    pub group: String,
    /// Served versions, preferred first.
    pub versions: Vec<VersionInfo>,
    /// Kind, e.g. `ConfigMap`.
    pub kind: String,
    /// Plural resource name.
    pub plural: String,
    /// Singular resource name.
    pub singular: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
    /// Short names (`cm`, `deploy`).
    pub short_names: Vec<String>,
    /// Categories (`all`).
    pub categories: Vec<String>,
    /// Whether a `status` subresource exists (status writes only via it).
    pub status_subresource: bool,
    /// Whether `metadata.generation` is maintained.
    pub has_generation: bool,
    /// Whether this comes from a CustomResourceDefinition.
    pub custom: bool,
}

impl ResourceInfo {
    /// The storage identity.
    pub fn group_resource(&self) -> GroupResource {
        GroupResource::new(&self.group, &self.plural)
    }

    /// The `apiVersion` for a version of this resource.
    pub fn api_version(&self, version: &str) -> String {
        if self.group.is_empty() {
            version.to_owned()
        } else {
            format!("{}/{version}", self.group)
        }
    }

    /// The preferred version.
    pub fn preferred_version(&self) -> &str {
        self.versions
            .first()
            .map(|v| v.name.as_str())
            .unwrap_or("v1")
    }

    /// A served version by name.
    pub fn version(&self, name: &str) -> Option<&VersionInfo> {
        self.versions.iter().find(|v| v.name == name)
    }
}

/// All served resources.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    resources: BTreeMap<GroupResource, Arc<ResourceInfo>>,
}

impl Registry {
    /// The registry with every built-in kind.
    pub fn with_builtins() -> Self {
        let mut registry = Registry::default();
        for info in builtin::resources() {
            registry.insert(info);
        }
        registry
    }

    /// Adds or replaces a resource.
    pub fn insert(&mut self, info: ResourceInfo) {
        self.resources.insert(info.group_resource(), Arc::new(info));
    }

    /// Removes a resource (CRD deleted).
    pub fn remove(&mut self, gr: &GroupResource) {
        self.resources.remove(gr);
    }

    /// Looks up a resource served at `group`/`version` under its plural name.
    pub fn lookup(&self, group: &str, version: &str, plural: &str) -> Option<Arc<ResourceInfo>> {
        let info = self.resources.get(&GroupResource::new(group, plural))?;
        info.version(version).map(|_| info.clone())
    }

    /// A resource by group/resource, whatever its versions.
    pub fn get(&self, gr: &GroupResource) -> Option<Arc<ResourceInfo>> {
        self.resources.get(gr).cloned()
    }

    /// Every resource.
    pub fn all(&self) -> impl Iterator<Item = &Arc<ResourceInfo>> {
        self.resources.values()
    }

    /// Every group with its versions, in discovery order: core first, then groups by
    /// name, each group's versions preferred-first.
    pub fn groups(&self) -> Vec<(String, Vec<String>)> {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for info in self.resources.values() {
            let entry = groups.entry(info.group.clone()).or_default();
            for v in &info.versions {
                if !entry.contains(&v.name) {
                    entry.push(v.name.clone());
                }
            }
        }
        for versions in groups.values_mut() {
            versions.sort_by_key(|v| std::cmp::Reverse(version_priority(v)));
        }
        groups.into_iter().collect()
    }

    /// Resources served in a group/version.
    pub fn in_group_version(&self, group: &str, version: &str) -> Vec<Arc<ResourceInfo>> {
        self.resources
            .values()
            .filter(|r| r.group == group && r.version(version).is_some())
            .cloned()
            .collect()
    }

    /// Resolves a kind in a group/version (used for ownerReferences and apply).
    pub fn by_kind(&self, group: &str, kind: &str) -> Option<Arc<ResourceInfo>> {
        self.resources
            .values()
            .find(|r| r.group == group && r.kind == kind)
            .cloned()
    }
}

/// Orders Kubernetes version names: GA > beta > alpha, then by numbers.
pub fn version_priority(v: &str) -> (u8, u32, u32) {
    let Some(rest) = v.strip_prefix('v') else {
        return (0, 0, 0);
    };
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let major = digits.parse().unwrap_or(0);
    let tail = &rest[digits.len()..];
    let minor_of = |t: &str| t.parse().unwrap_or(0);
    if tail.is_empty() {
        (3, major, 0)
    } else if let Some(n) = tail.strip_prefix("beta") {
        (2, major, minor_of(n))
    } else if let Some(n) = tail.strip_prefix("alpha") {
        (1, major, minor_of(n))
    } else {
        (0, major, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_ga_before_beta_before_alpha() {
        let mut v = vec!["v1alpha1", "v1", "v2beta1", "v1beta2", "v2"];
        v.sort_by_key(|x| std::cmp::Reverse(version_priority(x)));
        assert_eq!(v, ["v2", "v1", "v2beta1", "v1beta2", "v1alpha1"]);
    }

    #[test]
    fn builtins_are_served() {
        let r = Registry::with_builtins();
        assert!(r.lookup("", "v1", "configmaps").is_some());
        assert!(r.lookup("apps", "v1", "deployments").is_some());
        assert!(r.lookup("apps", "v2", "deployments").is_none());
    }
}
