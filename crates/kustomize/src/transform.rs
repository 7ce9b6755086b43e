//! The built-in transformers: configured from a kustomization's fields or
//! from builtin plugin configurations (`transformers:`), then applied in
//! kustomize's order to the accumulated resources.

mod configure;
mod images;
mod meta;
mod namespace;
mod patches;
mod prefix;
mod replicas;

use serde_yaml::Value;

use crate::config::FieldSpec;
use crate::error::BuildError;
use crate::kustomization::ImageSpec;
use crate::patch::schema::Schema;
use crate::patch::smp::Directives;
use crate::resource::Resource;
use crate::selector::Selector;

pub(crate) use configure::{from_kustomization, from_plugin_config};

/// A configured transformer.
#[derive(Debug, Clone)]
pub(crate) enum Transformer {
    /// Strategic merge patches matched by their own ids.
    StrategicMerge { patches: Vec<Value> },
    /// `patches:` entry: strategic merge or JSON 6902, optionally targeted.
    Patch {
        smp: Vec<Value>,
        json: Option<Value>,
        target: Option<Selector>,
        allow_name: bool,
        allow_kind: bool,
    },
    /// Sets the namespace.
    Namespace {
        namespace: String,
        specs: Vec<FieldSpec>,
        unset_only: bool,
        subjects: String,
    },
    /// Adds a name prefix and/or suffix.
    PrefixSuffix {
        prefix: Option<String>,
        suffix: Option<String>,
        specs: Vec<FieldSpec>,
    },
    /// Adds labels or annotations at the given fields.
    MapEntries {
        entries: Vec<(String, String)>,
        specs: Vec<FieldSpec>,
    },
    /// Sets replica counts.
    Replicas {
        name: String,
        count: i64,
        specs: Vec<FieldSpec>,
    },
    /// Rewrites images.
    Image {
        image: ImageSpec,
        specs: Vec<FieldSpec>,
    },
    /// `replacements`.
    Replacements { list: Vec<Value> },
    /// Adds the content hash to generated names (`HashTransformer`).
    Hash,
}

/// Applies one transformer to all resources.
pub(crate) fn apply(
    t: &Transformer,
    resources: &mut Vec<Resource>,
    schema: Option<&Schema>,
    directives: Directives,
) -> Result<(), BuildError> {
    match t {
        Transformer::StrategicMerge { patches } => {
            patches::strategic_merge(resources, patches, schema, directives)
        }
        Transformer::Patch {
            smp,
            json,
            target,
            allow_name,
            allow_kind,
        } => {
            let opts = patches::SmpOptions {
                allow_name: *allow_name,
                allow_kind: *allow_kind,
                schema,
                directives,
            };
            patches::patch(resources, smp, json.as_ref(), target.as_ref(), &opts)
        }
        Transformer::Namespace {
            namespace,
            specs,
            unset_only,
            subjects,
        } => namespace::apply(resources, namespace, specs, *unset_only, subjects),
        Transformer::PrefixSuffix {
            prefix,
            suffix,
            specs,
        } => prefix::apply(resources, prefix.as_deref(), suffix.as_deref(), specs),
        Transformer::MapEntries { entries, specs } => meta::apply(resources, entries, specs),
        Transformer::Replicas { name, count, specs } => {
            replicas::apply(resources, name, *count, specs)
        }
        Transformer::Image { image, specs } => images::apply(resources, image, specs),
        Transformer::Replacements { list } => crate::replacement::apply(resources, list),
        Transformer::Hash => {
            for r in resources.iter_mut().filter(|r| r.needs_hash) {
                let suffix = crate::hash::suffix(&r.value);
                r.store_previous_id();
                let name = format!("{}-{suffix}", r.name());
                r.set_name(&name);
                r.needs_hash = false;
            }
            Ok(())
        }
    }
}
