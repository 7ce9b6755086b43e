//! References out of `values.schema.json`, resolved as Helm resolves them.
//!
//! The schema's own URI is `file:///values.schema.json`, so a relative
//! reference names a file under `/`. Helm then loads by scheme: `urn:` that
//! nobody resolves is the permissive schema `true`; `http(s)` is fetched;
//! `file:` is read from disk; anything else has no loader. Here `http(s)` goes
//! to the [`SchemaLoader`] the caller supplies (none: refused), and `file:`
//! is never read: a render reads nothing outside its chart.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as StdError;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::funcs::go_quote;
use crate::goyaml::go_json_error;

/// The URI Helm gives a chart's `values.schema.json`.
pub(crate) const ROOT_URI: &str = "file:///values.schema.json";

/// Fetches the schemas that `values.schema.json` references over HTTP(S).
///
/// Helm fetches them on every validation; the caller decides whether Oxbow
/// does (the `oxbow` CLI does, bounded in time and size).
pub trait SchemaLoader: Send + Sync + std::fmt::Debug {
    /// The body at `url` (an `http` or `https` URL), or why there is none, in
    /// Helm's words: `HTTP request failed for <url>: <cause>` or
    /// `HTTP request to <url> returned status 404 (Not Found)`.
    ///
    /// # Errors
    /// The failure's message.
    fn load(&self, url: &str) -> Result<Vec<u8>, String>;
}

/// Most documents one schema may pull in, itself included.
const MAX_DOCUMENTS: usize = 256;

/// Compiles `schema` (Helm's `values.schema.json`) with every document it
/// references, loaded as Helm loads them.
///
/// The validator's registry fetches the references it finds in schema
/// keywords while it prepares; Helm's validator loads references as it
/// compiles, so it also follows those a fetched document keeps under other
/// names (bjw-s' common chart keeps its definitions that way). A reference
/// the registry did not ask for is loaded here and the schema compiled again.
pub(crate) fn compile(
    schema: &Value,
    loader: Option<&Arc<dyn SchemaLoader>>,
) -> Result<Compiled, String> {
    let retriever = Retriever {
        loader: loader.cloned(),
        state: Arc::new(Mutex::new(Loaded::default())),
    };
    loop {
        // A snapshot (of `Arc`s) the registry borrows while the retriever adds more.
        let documents = lock(&retriever.state).documents.clone();
        let registry = referencing::SPECIFICATIONS
            .extend(documents.iter().map(|(uri, doc)| (uri.as_str(), &**doc)))
            .map(|builder| builder.retriever(retriever.clone()))
            .and_then(referencing::RegistryBuilder::prepare);
        // The URI the registry never asked for, or the compilation's failure.
        let missed = match registry {
            Ok(registry) => match jsonschema::options()
                .should_validate_formats(false)
                .with_base_uri(ROOT_URI)
                .with_registry(&registry)
                .with_retriever(retriever.clone())
                .build(schema)
            {
                Ok(validator) => {
                    let documents = std::mem::take(&mut lock(&retriever.state).documents);
                    return Ok(Compiled {
                        validator,
                        documents,
                    });
                }
                Err(e) => match e.kind() {
                    jsonschema::error::ValidationErrorKind::Referencing(r) => {
                        retriever.missed(schema, r)
                    }
                    _ => Err(format!("- invalid schema: {e}\n")),
                },
            },
            Err(e) => retriever.missed(schema, &e),
        }?;
        retriever.load(&missed).map_err(|e| match e {
            LoadError::TooMany => format!("- invalid schema: {}\n", too_many()),
            LoadError::Failed(cause) => format!("failing loading {}: {cause}", go_quote(&missed)),
        })?;
    }
}

fn too_many() -> String {
    format!("it references more than {MAX_DOCUMENTS} documents")
}

/// A compiled schema and the other documents it references, by URI.
pub(crate) struct Compiled {
    pub(crate) validator: jsonschema::Validator,
    pub(crate) documents: BTreeMap<String, Arc<Value>>,
}

/// What a compilation has loaded so far, shared by its [`Retriever`]s.
#[derive(Default)]
struct Loaded {
    /// Every URI asked for, loaded or not.
    tried: BTreeSet<String>,
    /// The documents loaded, by URI.
    documents: BTreeMap<String, Arc<Value>>,
}

fn lock(state: &Mutex<Loaded>) -> std::sync::MutexGuard<'_, Loaded> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why a document was not loaded.
enum LoadError {
    /// The schema pulls in more than [`MAX_DOCUMENTS`].
    TooMany,
    /// The loader's failure.
    Failed(String),
}

/// The loader of a schema compilation: Helm's schemes over the caller's loader.
#[derive(Clone)]
struct Retriever {
    loader: Option<Arc<dyn SchemaLoader>>,
    state: Arc<Mutex<Loaded>>,
}

impl Retriever {
    /// The document at `url`, loaded once per compilation.
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError> {
        {
            let mut loaded = lock(&self.state);
            if let Some(doc) = loaded.documents.get(url) {
                return Ok(doc.clone());
            }
            if loaded.tried.len() >= MAX_DOCUMENTS {
                return Err(LoadError::TooMany);
            }
            loaded.tried.insert(url.to_string());
        }
        // Not locked while the loader fetches.
        let doc = Arc::new(retrieve(self.loader.as_deref(), url).map_err(LoadError::Failed)?);
        lock(&self.state)
            .documents
            .insert(url.to_string(), doc.clone());
        Ok(doc)
    }

    /// The document behind a failed reference that the registry never asked
    /// for (so it is loaded next), or the failure in Helm's words.
    fn missed(&self, schema: &Value, e: &jsonschema::ReferencingError) -> Result<String, String> {
        match e {
            jsonschema::ReferencingError::Unretrievable { uri, .. }
                if !lock(&self.state).tried.contains(uri.as_str()) =>
            {
                Ok(uri.clone())
            }
            e => Err(reference_error(schema, e)),
        }
    }
}

impl jsonschema::Retrieve for Retriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn StdError + Send + Sync>> {
        match self.load(uri.as_str()) {
            Ok(doc) => Ok(Value::clone(&doc)),
            Err(LoadError::TooMany) => Err(too_many().into()),
            Err(LoadError::Failed(cause)) => Err(cause.into()),
        }
    }
}

fn retrieve(loader: Option<&dyn SchemaLoader>, url: &str) -> Result<Value, String> {
    match url.split_once(':').map_or("", |(scheme, _)| scheme) {
        "urn" => Ok(Value::Bool(true)),
        "http" | "https" => {
            let loader = loader.ok_or_else(|| {
                format!("HTTP request failed for {url}: remote schemas are not fetched here")
            })?;
            let body = loader.load(url)?;
            let text = String::from_utf8_lossy(&body);
            serde_json::from_str(&text).map_err(|e| go_json_error(&text, &e))
        }
        "file" => Err(format!(
            "open {}: schema files outside the chart are not read",
            url.trim_start_matches("file://")
        )),
        _ => Err(format!("no URLLoader registered for {}", go_quote(url))),
    }
}

/// A reference that does not resolve, in the words of Helm's validator
/// (santhosh-tekuri/jsonschema) where it has its own, else `- invalid schema: …`.
fn reference_error(schema: &Value, e: &jsonschema::ReferencingError) -> String {
    use jsonschema::ReferencingError as R;
    match e {
        R::Unretrievable { uri, source } => {
            format!("failing loading {}: {source}", go_quote(uri))
        }
        R::PointerToNowhere { pointer } => {
            let at = document_of(schema, &format!("#{pointer}"));
            format!(
                "json-pointer in {} not found",
                go_quote(&format!("{at}#{pointer}"))
            )
        }
        R::NoSuchAnchor { anchor } => {
            let at = document_of(schema, &format!("#{anchor}"));
            format!(
                "anchor in {} not found in schema {}",
                go_quote(&format!("{at}#{anchor}")),
                go_quote(&at)
            )
        }
        other => format!("- invalid schema: {other}\n"),
    }
}

/// The document a failing `$ref` ending in `fragment` names: the URI of the
/// first such reference in the schema, resolved against [`ROOT_URI`].
fn document_of(schema: &Value, fragment: &str) -> String {
    let mut refs = Vec::new();
    collect_refs(schema, &mut refs);
    let Some(reference) = refs.into_iter().find(|r| r.ends_with(fragment)) else {
        return ROOT_URI.to_string();
    };
    let document = &reference[..reference.len() - fragment.len()];
    join_uri(ROOT_URI, document).unwrap_or_else(|| document.to_string())
}

/// `reference` (a URI without fragment) resolved against `base`, as the
/// validator keys its documents.
pub(super) fn join_uri(base: &str, reference: &str) -> Option<String> {
    let base = referencing::uri::from_str(base).ok()?;
    let joined = referencing::uri::resolve_against(&base.borrow(), reference).ok()?;
    Some(joined.as_str().trim_end_matches('#').to_string())
}

fn collect_refs<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(members) => {
            for (k, v) in members {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Fixed;
    impl SchemaLoader for Fixed {
        fn load(&self, url: &str) -> Result<Vec<u8>, String> {
            match url {
                "https://example.com/ok.json" => Ok(br#"{"type":"string"}"#.to_vec()),
                "https://example.com/bad.json" => Ok(b"nope".to_vec()),
                _ => Err(format!(
                    "HTTP request to {url} returned status 404 (Not Found)"
                )),
            }
        }
    }

    #[test]
    fn schemes_load_as_helm_loads_them() {
        let l: Option<&dyn SchemaLoader> = Some(&Fixed);
        assert_eq!(retrieve(l, "urn:x"), Ok(Value::Bool(true)));
        assert_eq!(
            retrieve(l, "https://example.com/ok.json"),
            Ok(serde_json::json!({"type": "string"}))
        );
        assert_eq!(
            retrieve(l, "https://example.com/bad.json"),
            Err("invalid character 'o' in literal null (expecting 'u')".to_string())
        );
        assert_eq!(
            retrieve(l, "http://example.com/x"),
            Err("HTTP request to http://example.com/x returned status 404 (Not Found)".into())
        );
        assert!(retrieve(None, "https://example.com/ok.json").is_err());
        assert_eq!(
            retrieve(l, "ftp://h/x"),
            Err(r#"no URLLoader registered for "ftp://h/x""#.to_string())
        );
        assert_eq!(
            retrieve(l, "file:///etc/hostname"),
            Err("open /etc/hostname: schema files outside the chart are not read".into())
        );
    }

    #[test]
    fn the_documents_one_schema_pulls_in_are_bounded() {
        let refs: Vec<Value> = (0..=MAX_DOCUMENTS)
            .map(|i| serde_json::json!({"$ref": format!("urn:doc:{i}")}))
            .collect();
        let few = serde_json::json!({"allOf": refs[..8]});
        assert_eq!(compile(&few, None).map(|c| c.documents.len()).ok(), Some(8));
        let many = serde_json::json!({"allOf": refs});
        assert_eq!(
            compile(&many, None).err().as_deref(),
            Some("- invalid schema: it references more than 256 documents\n")
        );
    }

    #[test]
    fn a_failing_pointer_names_its_document() {
        let schema = serde_json::json!({"a": [{"$ref": "urn:x#/y"}], "b": {"$ref": "#/c"}});
        assert_eq!(document_of(&schema, "#/y"), "urn:x");
        assert_eq!(document_of(&schema, "#/c"), ROOT_URI);
        assert_eq!(document_of(&schema, "#/z"), ROOT_URI);
        let rel = serde_json::json!({"$ref": "d.json#/e"});
        assert_eq!(document_of(&rel, "#/e"), "file:///d.json");
    }
}
