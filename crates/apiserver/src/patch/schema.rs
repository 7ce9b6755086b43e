//! What kind of map or list each field of an object is: the part of a type's schema that
//! merging needs (patch merge keys for strategic merge patch, list and map types for
//! server-side apply).

use std::collections::BTreeMap;

use serde_json::Value;

use super::builtin;

/// How server-side apply treats a list (`x-kubernetes-list-type`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum ListType {
    /// The list is one value, owned and replaced as a whole.
    #[default]
    Atomic,
    /// A list of distinct scalars, merged as a set.
    Set,
    /// A list of objects identified by key fields; `defaults` fill absent keys.
    Map {
        keys: Vec<String>,
        defaults: Vec<(String, Value)>,
    },
}

/// How strategic merge patch treats a list (`patchStrategy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Strategy {
    /// The patch's list replaces the live one.
    #[default]
    Replace,
    /// Items merge (by `merge_key` for objects, as a set for scalars).
    Merge,
    /// Merge, and honour `$retainKeys` in the items.
    MergeRetainKeys,
}

/// How fields that the schema does not declare are treated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Undeclared {
    /// Like a schemaless value: maps are granular maps whose entries are map entries.
    #[default]
    Deduced,
    /// Like fields of a struct (built-in kinds, whose full schema is not tabulated here).
    Struct,
}

/// One node of a schema tree.
#[derive(Clone, Debug, Default)]
pub(crate) struct Node {
    /// Declared fields of an object.
    pub fields: BTreeMap<String, Node>,
    /// Type of the values of a map (entries that are not declared fields).
    pub elements: Option<Box<Node>>,
    /// Type of the items of a list.
    pub items: Option<Box<Node>>,
    /// Server-side apply list type.
    pub list: ListType,
    /// Strategic merge patch key of a list of objects.
    pub merge_key: Option<String>,
    /// Strategic merge patch strategy of a list.
    pub strategy: Strategy,
    /// An object replaced as a whole (`x-kubernetes-map-type: atomic`, atomic structs).
    pub atomic: bool,
    /// How children that are not declared are treated.
    pub undeclared: Undeclared,
}

static DEDUCED: Node = Node::leaf(Undeclared::Deduced);
static STRUCT_LIKE: Node = Node::leaf(Undeclared::Struct);

impl Node {
    const fn leaf(undeclared: Undeclared) -> Node {
        Node {
            fields: BTreeMap::new(),
            elements: None,
            items: None,
            list: ListType::Atomic,
            merge_key: None,
            strategy: Strategy::Replace,
            atomic: false,
            undeclared,
        }
    }

    fn fallback(&self) -> &'static Node {
        match self.undeclared {
            Undeclared::Deduced => &DEDUCED,
            Undeclared::Struct => &STRUCT_LIKE,
        }
    }

    /// The schema of member `key` of this object, and whether it is a declared field
    /// (as opposed to an entry of a map).
    pub fn member(&self, key: &str) -> (&Node, bool) {
        if let Some(n) = self.fields.get(key) {
            return (n, true);
        }
        if let Some(n) = &self.elements {
            return (n, false);
        }
        (self.fallback(), self.undeclared == Undeclared::Struct)
    }

    /// The schema of this list's items.
    pub fn item(&self) -> &Node {
        self.items.as_deref().unwrap_or_else(|| self.fallback())
    }

    /// Whether a list of this type is merged item by item by server-side apply.
    pub fn granular_list(&self) -> bool {
        !matches!(self.list, ListType::Atomic)
    }
}

/// Builders for schema tables.
pub(crate) mod build {
    use super::*;

    /// An object with the given declared fields; undeclared ones are struct-like.
    pub fn object(fields: Vec<(&str, Node)>) -> Node {
        Node {
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            undeclared: Undeclared::Struct,
            ..Node::default()
        }
    }

    /// A struct or map replaced as a whole.
    pub fn atomic() -> Node {
        Node {
            atomic: true,
            undeclared: Undeclared::Struct,
            ..Node::default()
        }
    }

    /// A granular map whose values are of type `values`.
    pub fn map_of(values: Node) -> Node {
        Node {
            elements: Some(Box::new(values)),
            undeclared: Undeclared::Struct,
            ..Node::default()
        }
    }

    /// A granular map of scalars (labels, annotations, resource quantities, data).
    pub fn string_map() -> Node {
        map_of(scalar())
    }

    /// A scalar (or anything treated as a leaf).
    pub fn scalar() -> Node {
        Node::leaf(Undeclared::Struct)
    }

    /// A list of objects keyed by `keys` for apply and by `merge_key` for strategic merge.
    pub fn keyed(keys: &[&str], merge_key: &str, items: Node) -> Node {
        Node {
            items: Some(Box::new(items)),
            list: ListType::Map {
                keys: keys.iter().map(|k| k.to_string()).collect(),
                defaults: Vec::new(),
            },
            merge_key: Some(merge_key.to_string()),
            strategy: Strategy::Merge,
            undeclared: Undeclared::Struct,
            ..Node::default()
        }
    }

    /// A list of distinct scalars merged as a set by both apply and strategic merge.
    pub fn set() -> Node {
        Node {
            list: ListType::Set,
            strategy: Strategy::Merge,
            undeclared: Undeclared::Struct,
            ..Node::default()
        }
    }

    /// Adds a default value for an absent list-map key (`protocol: TCP` of ports).
    pub fn key_default(mut node: Node, key: &str, value: Value) -> Node {
        if let ListType::Map { defaults, .. } = &mut node.list {
            defaults.push((key.to_string(), value));
        }
        node
    }

    /// Turns on `$retainKeys` for a keyed list.
    pub fn retain_keys(mut node: Node) -> Node {
        node.strategy = Strategy::MergeRetainKeys;
        node
    }
}

/// What kind of list or map each field path of one kind is.
#[derive(Clone, Debug, Default)]
pub struct ListSchema {
    pub(crate) root: Node,
    /// Whether the kind has a `status` subresource: writes to the main resource then
    /// leave `status` alone and writes to `status` touch nothing else.
    pub(crate) status_subresource: bool,
    /// Objects an empty value of the kind already has (see [`builtin::zero_structs`]).
    pub(crate) zero_structs: Vec<Vec<&'static str>>,
}

impl ListSchema {
    /// Patch-merge keys and list types of a built-in kind (apps/v1 Deployment, core/v1 Pod,
    /// ...). Other kinds get a schemaless tree: lists are atomic (replaced by strategic
    /// merge patch, as kube-apiserver does for custom resources) and maps granular.
    pub fn builtin(api_version: &str, kind: &str) -> ListSchema {
        let root = builtin::schema(api_version, kind);
        // Every built-in kind tabulated with a status has a status subresource.
        let status_subresource = root.fields.contains_key("status");
        ListSchema {
            root,
            status_subresource,
            zero_structs: builtin::zero_structs(api_version, kind),
        }
    }

    /// Declares whether the kind has a `status` subresource (a CRD version's
    /// `subresources.status`). With one, an apply to the main resource ignores `status`
    /// and nobody gets to own status fields through it, as in kube-apiserver.
    pub fn with_status_subresource(mut self, enabled: bool) -> ListSchema {
        self.status_subresource = enabled;
        self
    }

    /// From a CRD version's `openAPIV3Schema` (`x-kubernetes-list-type`,
    /// `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).
    pub fn from_openapi_v3(schema: &Value) -> ListSchema {
        let mut root = from_openapi(schema, 0);
        root.fields
            .insert("metadata".into(), builtin::object_meta());
        ListSchema {
            root,
            status_subresource: false,
            zero_structs: Vec::new(),
        }
    }

    /// A schema that knows nothing: every map granular, every list atomic.
    pub fn schemaless() -> ListSchema {
        let mut root = Node::default();
        root.fields
            .insert("metadata".into(), builtin::object_meta());
        ListSchema {
            root,
            status_subresource: false,
            zero_structs: Vec::new(),
        }
    }
}

fn from_openapi(s: &Value, depth: usize) -> Node {
    let mut node = Node::default();
    if depth > super::MAX_DEPTH {
        return node;
    }
    let ext = |name: &str| s.get(name);
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (name, sub) in props {
            node.fields
                .insert(name.clone(), from_openapi(sub, depth + 1));
        }
        // A structural schema with properties and no preserve-unknown-fields knows all
        // its fields; what it does not know is pruned anyway, so treat it like a struct.
        let preserve = ext("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));
        node.undeclared = if preserve {
            Undeclared::Deduced
        } else {
            Undeclared::Struct
        };
    }
    if let Some(extra) = s.get("additionalProperties").filter(|v| v.is_object()) {
        node.elements = Some(Box::new(from_openapi(extra, depth + 1)));
    }
    if ext("x-kubernetes-map-type").and_then(Value::as_str) == Some("atomic") {
        node.atomic = true;
    }
    if let Some(items) = s.get("items").filter(|v| v.is_object()) {
        let item = from_openapi(items, depth + 1);
        node.list = match ext("x-kubernetes-list-type").and_then(Value::as_str) {
            Some("set") => ListType::Set,
            Some("map") => {
                let keys: Vec<String> = ext("x-kubernetes-list-map-keys")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|k| k.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                let defaults = keys
                    .iter()
                    .filter_map(|k| {
                        let d = items.get("properties")?.get(k)?.get("default")?;
                        Some((k.clone(), d.clone()))
                    })
                    .collect();
                if keys.is_empty() {
                    ListType::Atomic
                } else {
                    ListType::Map { keys, defaults }
                }
            }
            _ => ListType::Atomic,
        };
        node.items = Some(Box::new(item));
    }
    node
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_list_and_map_types_from_a_crd_schema() {
        let schema = json!({
            "type": "object",
            "properties": {
                "spec": {"type": "object", "properties": {
                    "ports": {"type": "array", "x-kubernetes-list-type": "map",
                        "x-kubernetes-list-map-keys": ["port", "protocol"],
                        "items": {"type": "object", "properties": {
                            "port": {"type": "integer"},
                            "protocol": {"type": "string", "default": "TCP"}}}},
                    "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
                    "args": {"type": "array", "items": {"type": "string"}},
                    "selector": {"type": "object", "x-kubernetes-map-type": "atomic",
                        "additionalProperties": {"type": "string"}},
                    "values": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
                }}
            }
        });
        let s = ListSchema::from_openapi_v3(&schema);
        let spec = s.root.member("spec").0;
        assert_eq!(
            spec.member("ports").0.list,
            ListType::Map {
                keys: vec!["port".into(), "protocol".into()],
                defaults: vec![("protocol".into(), json!("TCP"))]
            }
        );
        assert_eq!(spec.member("tags").0.list, ListType::Set);
        assert_eq!(spec.member("args").0.list, ListType::Atomic);
        assert!(spec.member("selector").0.atomic);
        assert_eq!(spec.member("values").0.undeclared, Undeclared::Deduced);
        assert!(
            !spec.member("values").0.member("anything").1,
            "preserved fields are map entries"
        );
        assert!(
            spec.member("args").1,
            "declared properties are struct fields"
        );
        assert_eq!(
            spec.member("ports").0.merge_key,
            None,
            "custom resources have no merge keys"
        );
    }
}
