//! Transformer configuration: the field specs saying where each transformer
//! writes (built-in defaults, `configurations:` files and CRD-derived ones)
//! and the walk that applies a setter at every matching field.

mod defaults;

use serde_yaml::{Mapping, Value};

use crate::error::BuildError;
use crate::resid::Gvk;

/// One row of a built-in table: group, version, kind, path, create.
pub(crate) type FieldSpecRow = (&'static str, &'static str, &'static str, &'static str, bool);
/// One built-in name-reference row: referral (group, version, kind) and referrer field spec.
pub(crate) type NameRefRow = ((&'static str, &'static str, &'static str), FieldSpecRow);

pub(crate) const fn fs(
    g: &'static str,
    v: &'static str,
    k: &'static str,
    p: &'static str,
    c: bool,
) -> FieldSpecRow {
    (g, v, k, p, c)
}

pub(crate) const fn nr(
    target: (&'static str, &'static str, &'static str),
    spec: FieldSpecRow,
) -> NameRefRow {
    (target, spec)
}

/// Where a transformer reads or writes: objects selected by gvk, a path, and
/// whether missing fields are created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Which objects (empty fields match anything).
    pub gvk: Gvk,
    /// The path, split on unescaped `/`.
    pub path: Vec<String>,
    /// The raw path text.
    pub path_text: String,
    /// Create missing fields.
    pub create: bool,
}

impl FieldSpec {
    /// A field spec from its parts.
    pub fn new(gvk: Gvk, path: &str, create: bool) -> Self {
        FieldSpec {
            gvk,
            path: split_path(path),
            path_text: path.to_string(),
            create,
        }
    }

    fn from_row(row: &FieldSpecRow) -> Self {
        let gvk = Gvk {
            group: row.0.into(),
            version: row.1.into(),
            kind: row.2.into(),
        };
        FieldSpec::new(gvk, row.3, row.4)
    }

    /// Reads a field spec from its YAML form (`group`, `version`, `kind`, `path`, `create`).
    pub fn from_value(v: &Value) -> Result<Self, BuildError> {
        let s = |k: &str| {
            crate::yaml::get(v, k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let path = s("path");
        if path.is_empty() {
            return Err(BuildError::Config(format!(
                "field spec without a path: {v:?}"
            )));
        }
        let create = crate::yaml::get(v, "create")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Ok(FieldSpec::new(
            Gvk {
                group: s("group"),
                version: s("version"),
                kind: s("kind"),
            },
            &path,
            create,
        ))
    }

    /// True when the spec applies to an object of this group/version/kind.
    pub fn matches(&self, gvk: &Gvk) -> bool {
        gvk.is_selected(&self.gvk)
    }
}

/// Splits a field path on `/`, honouring `\/` as a literal slash.
pub fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'/') => {
                cur.push('/');
                chars.next();
            }
            '/' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// A name back-reference: objects of kind `referral` are referred to by name
/// at each of `referrers`.
#[derive(Debug, Clone)]
pub struct NameBackRef {
    /// The referred kind.
    pub referral: Gvk,
    /// Where referrers name it.
    pub referrers: Vec<FieldSpec>,
}

/// All field specs used by the built-in transformers.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct TransformerConfig {
    pub name_prefix: Vec<FieldSpec>,
    pub name_suffix: Vec<FieldSpec>,
    pub namespace: Vec<FieldSpec>,
    pub common_labels: Vec<FieldSpec>,
    pub template_labels: Vec<FieldSpec>,
    pub common_annotations: Vec<FieldSpec>,
    pub var_reference: Vec<FieldSpec>,
    pub images: Vec<FieldSpec>,
    pub replicas: Vec<FieldSpec>,
    pub labels: Vec<FieldSpec>,
    pub name_reference: Vec<NameBackRef>,
}

fn rows(t: &[FieldSpecRow]) -> Vec<FieldSpec> {
    t.iter().map(FieldSpec::from_row).collect()
}

/// Adds specs that no existing spec already covers (an existing spec whose
/// gvk the new one selects, with the same path), then sorts like kustomize.
/// Kustomize merges configs repeatedly, so a general spec that arrives after
/// a kind-specific one for the same path is dropped; this keeps that.
fn merge_specs(into: &mut Vec<FieldSpec>, from: &[FieldSpec]) {
    for s in from {
        if !into
            .iter()
            .any(|e| e.gvk.is_selected(&s.gvk) && e.path == s.path)
        {
            into.push(s.clone());
        }
    }
    sort_specs(into);
}

fn sort_specs(specs: &mut [FieldSpec]) {
    specs.sort_by_cached_key(|a| gvk_order(&a.gvk));
}

fn gvk_order(g: &Gvk) -> (i64, String) {
    let (first, last) = (&crate::order::ORDER_FIRST, &crate::order::ORDER_LAST);
    let rank = if let Some(i) = first.iter().position(|k| *k == g.kind) {
        i as i64 - first.len() as i64
    } else if let Some(i) = last.iter().position(|k| *k == g.kind) {
        1 + i as i64
    } else {
        0
    };
    let m = |s: &str, d: &str| {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    };
    (
        rank,
        format!(
            "{}_{}_{}",
            m(&g.group, "~G"),
            m(&g.version, "~V"),
            m(&g.kind, "~K")
        ),
    )
}

impl TransformerConfig {
    /// The Kustomize v5.5.0 defaults.
    pub fn builtin() -> Self {
        static BUILTIN: std::sync::LazyLock<TransformerConfig> =
            std::sync::LazyLock::new(TransformerConfig::make_builtin);
        BUILTIN.clone()
    }

    fn make_builtin() -> Self {
        let mut c = TransformerConfig {
            name_prefix: rows(defaults::NAME_PREFIX),
            name_suffix: rows(defaults::NAME_SUFFIX),
            namespace: rows(defaults::NAMESPACE),
            common_labels: rows(defaults::COMMON_LABELS),
            template_labels: rows(defaults::TEMPLATE_LABELS),
            common_annotations: rows(defaults::COMMON_ANNOTATIONS),
            var_reference: rows(defaults::VAR_REFERENCE),
            images: rows(defaults::IMAGES),
            replicas: rows(defaults::REPLICAS),
            labels: Vec::new(),
            name_reference: Vec::new(),
        };
        for list in [
            &mut c.name_prefix,
            &mut c.name_suffix,
            &mut c.namespace,
            &mut c.common_labels,
            &mut c.template_labels,
            &mut c.common_annotations,
            &mut c.var_reference,
            &mut c.images,
            &mut c.replicas,
        ] {
            sort_specs(list);
        }
        for ((g, v, k), spec) in defaults::NAME_REFERENCE {
            let referral = Gvk {
                group: (*g).into(),
                version: (*v).into(),
                kind: (*k).into(),
            };
            c.add_name_ref(referral, vec![FieldSpec::from_row(spec)]);
        }
        c
    }

    fn add_name_ref(&mut self, referral: Gvk, specs: Vec<FieldSpec>) {
        if let Some(e) = self
            .name_reference
            .iter_mut()
            .find(|e| e.referral == referral)
        {
            merge_specs(&mut e.referrers, &specs);
        } else {
            self.name_reference.push(NameBackRef {
                referral,
                referrers: specs,
            });
        }
    }

    /// Adds everything in `other` that is not there yet.
    pub fn merge(&mut self, other: &TransformerConfig) {
        merge_specs(&mut self.name_prefix, &other.name_prefix);
        merge_specs(&mut self.name_suffix, &other.name_suffix);
        merge_specs(&mut self.namespace, &other.namespace);
        merge_specs(&mut self.common_labels, &other.common_labels);
        merge_specs(&mut self.template_labels, &other.template_labels);
        merge_specs(&mut self.common_annotations, &other.common_annotations);
        merge_specs(&mut self.var_reference, &other.var_reference);
        merge_specs(&mut self.images, &other.images);
        merge_specs(&mut self.replicas, &other.replicas);
        merge_specs(&mut self.labels, &other.labels);
        for r in &other.name_reference {
            self.add_name_ref(r.referral.clone(), r.referrers.clone());
        }
    }

    /// Reads a `configurations:` file.
    pub fn parse(text: &str, path: &str) -> Result<Self, BuildError> {
        crate::yaml::check_depth(text, path)?;
        let v: Value = serde_yaml::from_str(text)
            .map_err(|e| BuildError::Config(format!("failed to parse '{path}': {e}")))?;
        let mut c = TransformerConfig::default();
        let Some(m) = v.as_mapping() else {
            return Ok(c);
        };
        for (k, list) in m {
            let key = k.as_str().unwrap_or("");
            let items = list.as_sequence().cloned().unwrap_or_default();
            if key == "nameReference" {
                for item in &items {
                    let s = |k: &str| {
                        crate::yaml::get(item, k)
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string()
                    };
                    let referral = Gvk {
                        group: s("group"),
                        version: s("version"),
                        kind: s("kind"),
                    };
                    let specs = crate::yaml::get(item, "fieldSpecs")
                        .and_then(Value::as_sequence)
                        .map(|l| {
                            l.iter()
                                .map(FieldSpec::from_value)
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .transpose()?
                        .unwrap_or_default();
                    c.add_name_ref(referral, specs);
                }
                continue;
            }
            let specs = items
                .iter()
                .map(FieldSpec::from_value)
                .collect::<Result<Vec<_>, _>>()?;
            let target = match key {
                "namePrefix" => &mut c.name_prefix,
                "nameSuffix" => &mut c.name_suffix,
                "namespace" => &mut c.namespace,
                "commonLabels" => &mut c.common_labels,
                "templateLabels" => &mut c.template_labels,
                "commonAnnotations" => &mut c.common_annotations,
                "varReference" => &mut c.var_reference,
                "images" => &mut c.images,
                "replicas" => &mut c.replicas,
                "labels" => &mut c.labels,
                _ => continue,
            };
            merge_specs(target, &specs);
        }
        Ok(c)
    }
}

/// Calls `set` on every field `spec` reaches in `obj` (when `spec` selects
/// `gvk`). Missing fields are created as `create_as` when the spec says so.
pub fn apply<F>(
    obj: &mut Value,
    gvk: &Gvk,
    spec: &FieldSpec,
    create_as: Option<&Value>,
    set: &mut F,
) -> Result<(), BuildError>
where
    F: FnMut(&mut Value) -> Result<(), BuildError>,
{
    if !spec.matches(gvk) {
        return Ok(());
    }
    walk(obj, &spec.path, spec.create, create_as, set)
        .map_err(|e| BuildError::Config(format!("considering field '{}': {e}", spec.path_text)))
}

fn walk<F>(
    node: &mut Value,
    path: &[String],
    create: bool,
    create_as: Option<&Value>,
    set: &mut F,
) -> Result<(), BuildError>
where
    F: FnMut(&mut Value) -> Result<(), BuildError>,
{
    let Some((head, rest)) = path.split_first() else {
        return set(node);
    };
    match node {
        Value::Null => Ok(()),
        Value::Sequence(items) => {
            for item in items {
                walk(item, path, create, create_as, set)?;
            }
            Ok(())
        }
        Value::Mapping(m) => {
            let (name, is_seq) = match head.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (head.as_str(), false),
            };
            if name.is_empty() {
                return Err(BuildError::Config(
                    "cannot set or create an empty field name".into(),
                ));
            }
            let can_create = create && create_as.is_some() && !is_seq;
            if is_seq && create && m.get(name).is_some_and(Value::is_null) {
                // kustomize turns a null list it may create into an empty one.
                m.insert(Value::from(name), Value::Sequence(Vec::new()));
                return Ok(());
            }
            if !m.contains_key(name) {
                if !can_create {
                    return Ok(());
                }
                let fresh = if rest.is_empty() {
                    create_as.cloned().unwrap_or(Value::Null)
                } else {
                    Value::Mapping(Mapping::new())
                };
                m.insert(Value::from(name), fresh);
            }
            let Some(child) = m.get_mut(name) else {
                return Ok(());
            };
            if child.is_null() && can_create {
                *child = if rest.is_empty() {
                    create_as.cloned().unwrap_or(Value::Null)
                } else {
                    Value::Mapping(Mapping::new())
                };
            }
            walk(child, rest, create, create_as, set)
        }
        Value::Tagged(t) => walk(&mut t.value, path, create, create_as, set),
        _ => Err(BuildError::Config(
            "expected sequence or mapping node".into(),
        )),
    }
}
