//! A resource in the build: its YAML document plus the build-time bookkeeping
//! kustomize keeps in internal annotations (previous ids, prefixes, generator
//! behaviour) — here as plain fields, so nothing leaks into the output.

use serde_yaml::Value;

use crate::resid::{Gvk, ResId};
use crate::yaml;

/// How a generated resource combines with an existing one of the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Behavior {
    /// Not generated, or `behavior: create`.
    #[default]
    Create,
    /// Merge data into the existing resource.
    Merge,
    /// Replace the existing resource.
    Replace,
}

/// One resource being built.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The document.
    pub value: Value,
    /// Every id the resource had before its current one, oldest first.
    pub prev_ids: Vec<ResId>,
    /// Name prefixes applied so far, innermost first.
    pub prefixes: Vec<String>,
    /// Name suffixes applied so far, innermost first.
    pub suffixes: Vec<String>,
    /// Generator behaviour (for generated resources).
    pub behavior: Behavior,
    /// True when a content-hash suffix is due at the end of the build.
    pub needs_hash: bool,
    /// True for generated ConfigMaps/Secrets.
    pub generated: bool,
    /// Origin recorded for `buildMetadata: [originAnnotations]`.
    pub origin: Option<crate::origin::Origin>,
    /// Legacy vars bound to this resource.
    pub ref_vars: Vec<String>,
    /// Transformations recorded for `buildMetadata: [transformerAnnotations]`.
    pub transformations: Vec<crate::origin::Origin>,
}

impl Resource {
    /// Wraps a document read from a file, taking over the build annotations
    /// an earlier kustomize run may have left (previous ids, prefixes, suffixes).
    pub fn from_input(value: Value) -> Self {
        let mut r = Resource::new(value);
        let csv = |r: &Resource, key: &str| -> Vec<String> {
            r.annotation(&format!("internal.config.kubernetes.io/{key}"))
                .map(|s| s.split(',').map(String::from).collect())
                .unwrap_or_default()
        };
        let (names, kinds, namespaces) = (
            csv(&r, "previousNames"),
            csv(&r, "previousKinds"),
            csv(&r, "previousNamespaces"),
        );
        let gvk = r.gvk();
        for (i, name) in names.iter().enumerate() {
            let kind = kinds.get(i).cloned().unwrap_or_else(|| gvk.kind.clone());
            let namespace = namespaces.get(i).cloned().unwrap_or_default();
            r.prev_ids.push(ResId {
                gvk: Gvk {
                    kind,
                    ..gvk.clone()
                },
                name: name.clone(),
                namespace,
            });
        }
        r.prefixes = csv(&r, "prefixes");
        r.suffixes = csv(&r, "suffixes");
        if let Some(meta) = r.value.get_mut("metadata").and_then(Value::as_mapping_mut)
            && let Some(ann) = meta.get_mut("annotations").and_then(Value::as_mapping_mut)
        {
            ann.retain(|k, _| {
                !k.as_str()
                    .is_some_and(|k| k.starts_with("internal.config.kubernetes.io/"))
            });
            if ann.is_empty() {
                meta.shift_remove("annotations");
            }
        }
        r
    }

    /// Wraps a document.
    pub fn new(value: Value) -> Self {
        Resource {
            value,
            prev_ids: Vec::new(),
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            behavior: Behavior::Create,
            needs_hash: false,
            generated: false,
            origin: None,
            ref_vars: Vec::new(),
            transformations: Vec::new(),
        }
    }

    /// `apiVersion`.
    pub fn api_version(&self) -> &str {
        yaml::str_at(&self.value, &["apiVersion"]).unwrap_or("")
    }

    /// `kind`.
    pub fn kind(&self) -> &str {
        yaml::str_at(&self.value, &["kind"]).unwrap_or("")
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        yaml::str_at(&self.value, &["metadata", "name"]).unwrap_or("")
    }

    /// `metadata.namespace`.
    pub fn namespace(&self) -> &str {
        yaml::str_at(&self.value, &["metadata", "namespace"]).unwrap_or("")
    }

    /// Group, version and kind.
    pub fn gvk(&self) -> Gvk {
        Gvk::new(self.api_version(), self.kind())
    }

    /// The current id.
    pub fn cur_id(&self) -> ResId {
        ResId {
            gvk: self.gvk(),
            name: self.name().to_string(),
            namespace: self.namespace().to_string(),
        }
    }

    /// The id the resource had when it entered the build.
    pub fn org_id(&self) -> ResId {
        self.prev_ids
            .first()
            .cloned()
            .unwrap_or_else(|| self.cur_id())
    }

    /// Previous ids followed by the current id.
    pub fn all_ids(&self) -> Vec<ResId> {
        let mut ids = self.prev_ids.clone();
        ids.push(self.cur_id());
        ids
    }

    /// Remembers the current id before the name, namespace or kind changes.
    pub fn store_previous_id(&mut self) {
        let id = self.cur_id();
        self.prev_ids.push(id);
    }

    /// Sets a string field under `metadata`.
    pub fn set_meta(&mut self, key: &str, value: &str) {
        if let Some(m) = yaml::ensure_map(&mut self.value, &["metadata"]) {
            m.insert(Value::from(key), Value::from(value));
        }
    }

    /// Sets `metadata.name`.
    pub fn set_name(&mut self, name: &str) {
        self.set_meta("name", name);
    }

    /// Sets `metadata.namespace`.
    pub fn set_namespace(&mut self, ns: &str) {
        self.set_meta("namespace", ns);
    }

    /// `metadata.labels` as pairs.
    pub fn labels(&self) -> Vec<(String, String)> {
        yaml::string_map(yaml::get_path(&self.value, &["metadata", "labels"]))
    }

    /// `metadata.annotations` as pairs.
    pub fn annotations(&self) -> Vec<(String, String)> {
        yaml::string_map(yaml::get_path(&self.value, &["metadata", "annotations"]))
    }

    /// One annotation.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        yaml::get_path(&self.value, &["metadata", "annotations", key]).and_then(Value::as_str)
    }

    /// True when the resource carries `config.kubernetes.io/local-config: "true"`.
    pub fn is_local_config(&self) -> bool {
        yaml::get_path(
            &self.value,
            &[
                "metadata",
                "annotations",
                "config.kubernetes.io/local-config",
            ],
        )
        .and_then(yaml::scalar_string)
        .is_some_and(|v| v == "true")
    }

    /// True when prefixes and suffixes match another resource's; with
    /// `allow_empty` an empty list matches anything.
    pub fn prefixes_suffixes_equal(&self, other: &Resource, allow_empty: bool) -> bool {
        let ends = |a: &[String], b: &[String]| same_ending(a, b);
        if allow_empty {
            (self.prefixes.is_empty()
                || other.prefixes.is_empty()
                || ends(&self.prefixes, &other.prefixes))
                && (self.suffixes.is_empty()
                    || other.suffixes.is_empty()
                    || ends(&self.suffixes, &other.suffixes))
        } else {
            ends(&self.prefixes, &other.prefixes) && ends(&self.suffixes, &other.suffixes)
        }
    }
}

/// True when the shorter slice equals the tail of the longer one (an empty
/// slice only matches an empty one).
fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.is_empty();
    }
    long[long.len() - short.len()..] == *short
}
