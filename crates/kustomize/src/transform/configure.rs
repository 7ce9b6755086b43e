//! Turning kustomization fields and builtin plugin configurations into
//! transformers, in the order kustomize runs them.

use serde_yaml::{Mapping, Value};

use super::Transformer;
use crate::build::Ctx;
use crate::config::{FieldSpec, TransformerConfig};
use crate::error::BuildError;
use crate::kustomization::{ImageSpec, Kustomization, PatchSpec};
use crate::selector::Selector;
use crate::yaml;

/// Parsed patch text: strategic merge documents or JSON 6902 operations.
enum PatchText {
    Smp(Vec<Value>),
    Json(Value),
}

fn parse_patch_text(text: &str) -> Result<PatchText, BuildError> {
    let docs = yaml::parse_stream(text, "<patch>").map_err(|_| unparsable(text))?;
    if docs.is_empty() {
        return Err(BuildError::config(format!(
            "illegally qualifies as both an SM and JSON patch: [patch: {text:?}]"
        )));
    }
    if docs.len() == 1 && docs[0].is_sequence() {
        // JSON 6902 patches are read by go-yaml v2: YAML 1.1 booleans.
        let ops = yaml::parse_stream_yaml11(text, "<patch>").map_err(|_| unparsable(text))?;
        return Ok(PatchText::Json(ops.into_iter().next().unwrap_or_default()));
    }
    if docs.iter().all(Value::is_mapping) {
        let mut out = Vec::new();
        for d in docs {
            if yaml::str_at(&d, &["kind"]).is_some_and(|k| k.ends_with("List"))
                && let Some(items) = yaml::get(&d, "items").and_then(Value::as_sequence)
            {
                out.extend(items.iter().cloned());
                continue;
            }
            out.push(d);
        }
        return Ok(PatchText::Smp(out));
    }
    Err(unparsable(text))
}

fn unparsable(text: &str) -> BuildError {
    BuildError::config(format!(
        "unable to parse SM or JSON patch from [patch: {text:?}]"
    ))
}

fn load_patch(
    ctx: &Ctx<'_>,
    dir: &str,
    path: Option<&str>,
    patch: Option<&str>,
) -> Result<PatchText, BuildError> {
    let (path, patch) = (
        path.filter(|p| !p.trim().is_empty()),
        patch.filter(|p| !p.trim().is_empty()),
    );
    match (path, patch) {
        (None, None) => Err(BuildError::config("must specify one of patch and path")),
        (Some(_), Some(_)) => Err(BuildError::config(
            "patch and path can't be set at the same time",
        )),
        (Some(p), None) => {
            let (text, _) = ctx.load_file(dir, p)?;
            parse_patch_text(&text)
        }
        (None, Some(text)) => parse_patch_text(text),
    }
}

fn options(m: Option<&Mapping>) -> (bool, bool) {
    let flag = |k: &str| {
        m.and_then(|m| m.get(k))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    (flag("allowNameChange"), flag("allowKindChange"))
}

fn patch_transformer(ctx: &Ctx<'_>, dir: &str, p: &PatchSpec) -> Result<Transformer, BuildError> {
    let target = p.target.as_ref().map(Selector::from_value).transpose()?;
    let (allow_name, allow_kind) = options(p.options.as_ref());
    Ok(
        match load_patch(ctx, dir, p.path.as_deref(), p.patch.as_deref())? {
            PatchText::Smp(smp) if smp.len() > 1 && target.is_some() => {
                return Err(BuildError::config(
                    "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field",
                ));
            }
            PatchText::Smp(smp) => Transformer::Patch {
                smp,
                json: None,
                target,
                allow_name,
                allow_kind,
            },
            PatchText::Json(ops) => Transformer::Patch {
                smp: Vec::new(),
                json: Some(ops),
                target,
                allow_name,
                allow_kind,
            },
        },
    )
}

fn json6902_transformer(
    ctx: &Ctx<'_>,
    dir: &str,
    target: Option<&Value>,
    path: Option<&str>,
    inline: Option<&str>,
) -> Result<Transformer, BuildError> {
    let Some(target) = target else {
        return Err(BuildError::config("must specify a target for patch"));
    };
    let ops = match load_patch(ctx, dir, path, inline)? {
        PatchText::Json(ops) => ops,
        PatchText::Smp(_) => {
            return Err(BuildError::config(
                "json 6902 patch must be a list of operations",
            ));
        }
    };
    Ok(Transformer::Patch {
        smp: Vec::new(),
        json: Some(ops),
        target: Some(Selector::from_value(target)?),
        allow_name: false,
        allow_kind: false,
    })
}

fn strategic_merge_transformer(
    ctx: &Ctx<'_>,
    dir: &str,
    entries: &[String],
    inline: Option<&str>,
) -> Result<Transformer, BuildError> {
    let mut patches = Vec::new();
    for e in entries {
        let inline_docs = yaml::parse_stream(e, "<inline>")
            .ok()
            .filter(|d| !d.is_empty() && d.iter().all(Value::is_mapping));
        let docs = match inline_docs {
            Some(d) => d,
            None => {
                let (text, _) = ctx.load_file(dir, e)?;
                match parse_patch_text(&text)? {
                    PatchText::Smp(d) => d,
                    PatchText::Json(_) => {
                        return Err(BuildError::config(format!(
                            "'{e}' is not a strategic merge patch"
                        )));
                    }
                }
            }
        };
        patches.extend(docs);
    }
    if let Some(text) = inline.filter(|t| !t.trim().is_empty()) {
        match parse_patch_text(text)? {
            PatchText::Smp(d) => patches.extend(d),
            PatchText::Json(_) => {
                return Err(BuildError::config(
                    "patches must be strategic merge patches",
                ));
            }
        }
    }
    if patches.is_empty() {
        return Err(BuildError::config(
            "trouble configuring builtin PatchStrategicMergeTransformer: empty file path and empty patch content",
        ));
    }
    Ok(Transformer::StrategicMerge { patches })
}

fn string_pairs(m: Option<&Mapping>) -> Vec<(String, String)> {
    m.map(|m| {
        m.iter()
            .filter_map(|(k, v)| Some((yaml::scalar_string(k)?, yaml::scalar_string(v)?)))
            .collect()
    })
    .unwrap_or_default()
}

/// The builtin transformers a kustomization's fields configure.
/// Each transformer comes with the builtin plugin kind that kustomize records
/// in build metadata.
pub(crate) fn from_kustomization(
    ctx: &Ctx<'_>,
    dir: &str,
    k: &Kustomization,
    tc: &TransformerConfig,
) -> Result<Vec<(Transformer, &'static str)>, BuildError> {
    let mut out = Vec::new();
    if let Some(psm) = k.patches_strategic_merge.as_ref().filter(|p| !p.is_empty()) {
        out.push((
            strategic_merge_transformer(ctx, dir, psm, None)?,
            "PatchStrategicMergeTransformer",
        ));
    }
    for p in k.patches.iter().flatten() {
        out.push((patch_transformer(ctx, dir, p)?, "PatchTransformer"));
    }
    if let Some(ns) = k.namespace.as_ref().filter(|n| !n.is_empty()) {
        out.push((
            Transformer::Namespace {
                namespace: ns.clone(),
                specs: tc.namespace.clone(),
                unset_only: false,
                subjects: String::new(),
            },
            "NamespaceTransformer",
        ));
    }
    if let Some(p) = k.name_prefix.as_ref().filter(|p| !p.is_empty()) {
        out.push((
            Transformer::PrefixSuffix {
                prefix: Some(p.clone()),
                suffix: None,
                specs: tc.name_prefix.clone(),
            },
            "PrefixTransformer",
        ));
    }
    if let Some(s) = k.name_suffix.as_ref().filter(|s| !s.is_empty()) {
        out.push((
            Transformer::PrefixSuffix {
                prefix: None,
                suffix: Some(s.clone()),
                specs: tc.name_suffix.clone(),
            },
            "SuffixTransformer",
        ));
    }
    for l in k.labels.iter().flatten() {
        let mut specs: Vec<FieldSpec> = Vec::new();
        for f in l.fields.iter().flatten() {
            specs.push(FieldSpec::from_value(f)?);
        }
        merge(&mut specs, &tc.labels);
        if l.include_selectors {
            merge(&mut specs, &tc.common_labels);
        } else {
            if l.include_templates {
                merge(&mut specs, &tc.template_labels);
            }
            merge(
                &mut specs,
                &[FieldSpec::new(Default::default(), "metadata/labels", true)],
            );
        }
        out.push((
            Transformer::MapEntries {
                entries: string_pairs(l.pairs.as_ref()),
                specs,
            },
            "LabelTransformer",
        ));
    }
    if k.common_labels.as_ref().is_some_and(|m| !m.is_empty())
        || k.labels.as_ref().is_some_and(|l| !l.is_empty())
    {
        let entries = string_pairs(k.common_labels.as_ref());
        out.push((
            Transformer::MapEntries {
                entries,
                specs: tc.common_labels.clone(),
            },
            "LabelTransformer",
        ));
    }
    if let Some(ca) = k.common_annotations.as_ref().filter(|m| !m.is_empty()) {
        out.push((
            Transformer::MapEntries {
                entries: string_pairs(Some(ca)),
                specs: tc.common_annotations.clone(),
            },
            "AnnotationsTransformer",
        ));
    }
    for p in k.patches_json6902.iter().flatten() {
        out.push((
            json6902_transformer(
                ctx,
                dir,
                p.target.as_ref(),
                p.path.as_deref(),
                p.patch.as_deref(),
            )?,
            "PatchJson6902Transformer",
        ));
    }
    for r in k.replicas.iter().flatten() {
        out.push((
            Transformer::Replicas {
                name: r.name.clone().unwrap_or_default(),
                count: r.count.unwrap_or(0),
                specs: tc.replicas.clone(),
            },
            "ReplicaCountTransformer",
        ));
    }
    for img in k.images.iter().chain(k.image_tags.iter()).flatten() {
        out.push((
            Transformer::Image {
                image: img.clone(),
                specs: tc.images.clone(),
            },
            "ImageTagTransformer",
        ));
    }
    if let Some(list) = k.replacements.as_ref().filter(|l| !l.is_empty()) {
        out.push((
            Transformer::Replacements {
                list: crate::replacement::load(ctx, dir, list)?,
            },
            "ReplacementTransformer",
        ));
    }
    Ok(out)
}

fn merge(into: &mut Vec<FieldSpec>, from: &[FieldSpec]) {
    for s in from {
        if !into.iter().any(|e| e.gvk == s.gvk && e.path == s.path) {
            into.push(s.clone());
        }
    }
}

fn specs_of(cfg: &Value, default: &[FieldSpec]) -> Result<Vec<FieldSpec>, BuildError> {
    match yaml::get_ci(cfg, "fieldSpecs").and_then(Value::as_sequence) {
        Some(list) => list.iter().map(FieldSpec::from_value).collect(),
        None => Ok(default.to_vec()),
    }
}

/// The transformers a builtin plugin configuration (`transformers:` entry) describes.
pub(crate) fn from_plugin_config(
    ctx: &Ctx<'_>,
    dir: &str,
    cfg: &Value,
    tc: &TransformerConfig,
) -> Result<Vec<Transformer>, BuildError> {
    let kind = yaml::str_at(cfg, &["kind"]).unwrap_or("");
    let s = |k: &str| yaml::get_ci(cfg, k).and_then(yaml::scalar_string);
    let fail = |e: BuildError| {
        let name = yaml::str_at(cfg, &["metadata", "name"]).unwrap_or("");
        BuildError::config(format!(
            "plugin {kind}.builtin.[noGrp]/{name}.[noNs] fails configuration: {e}"
        ))
    };
    let t = match kind {
        "PatchStrategicMergeTransformer" => {
            let paths: Vec<String> = yaml::get_ci(cfg, "paths")
                .and_then(Value::as_sequence)
                .map(|l| l.iter().filter_map(yaml::scalar_string).collect())
                .unwrap_or_default();
            let patches = s("patches");
            if paths.is_empty() && patches.as_deref().is_none_or(|p| p.trim().is_empty()) {
                return Err(fail(BuildError::config(
                    "empty file path and empty patch content",
                )));
            }
            strategic_merge_transformer(ctx, dir, &paths, patches.as_deref()).map_err(fail)?
        }
        "PatchTransformer" => {
            let spec = PatchSpec {
                path: s("path"),
                patch: s("patch"),
                target: yaml::get_ci(cfg, "target").cloned(),
                options: yaml::get_ci(cfg, "options")
                    .and_then(Value::as_mapping)
                    .cloned(),
            };
            patch_transformer(ctx, dir, &spec).map_err(fail)?
        }
        "PatchJson6902Transformer" => json6902_transformer(
            ctx,
            dir,
            yaml::get_ci(cfg, "target"),
            s("path").as_deref(),
            s("jsonOp").as_deref(),
        )
        .map_err(fail)?,
        "NamespaceTransformer" => Transformer::Namespace {
            namespace: yaml::str_at(cfg, &["metadata", "namespace"])
                .unwrap_or("")
                .to_string(),
            specs: specs_of(cfg, &tc.namespace)?,
            unset_only: yaml::get_ci(cfg, "unsetOnly")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            subjects: s("setRoleBindingSubjects").unwrap_or_default(),
        },
        "PrefixTransformer" => Transformer::PrefixSuffix {
            prefix: Some(s("prefix").unwrap_or_default()),
            suffix: None,
            specs: specs_of(cfg, &[])?,
        },
        "SuffixTransformer" => Transformer::PrefixSuffix {
            prefix: None,
            suffix: Some(s("suffix").unwrap_or_default()),
            specs: specs_of(cfg, &[])?,
        },
        "PrefixSuffixTransformer" => Transformer::PrefixSuffix {
            prefix: s("prefix"),
            suffix: s("suffix"),
            specs: specs_of(cfg, &[])?,
        },
        "LabelTransformer" => Transformer::MapEntries {
            entries: string_pairs(yaml::get_ci(cfg, "labels").and_then(Value::as_mapping)),
            specs: specs_of(cfg, &[])?,
        },
        "AnnotationsTransformer" => Transformer::MapEntries {
            entries: string_pairs(yaml::get_ci(cfg, "annotations").and_then(Value::as_mapping)),
            specs: specs_of(cfg, &[])?,
        },
        "ReplicaCountTransformer" => {
            let r = yaml::get_ci(cfg, "replica");
            Transformer::Replicas {
                name: r
                    .and_then(|r| yaml::str_at(r, &["name"]))
                    .unwrap_or("")
                    .to_string(),
                count: r
                    .and_then(|r| yaml::get(r, "count"))
                    .and_then(Value::as_i64)
                    .unwrap_or(0),
                specs: specs_of(cfg, &[])?,
            }
        }
        "ImageTagTransformer" => {
            let image: ImageSpec = yaml::get_ci(cfg, "imageTag")
                .map(ImageSpec::from_plugin)
                .transpose()
                .map_err(|e| fail(BuildError::config(e.to_string())))?
                .unwrap_or_default();
            Transformer::Image {
                image,
                specs: specs_of(cfg, &[])?,
            }
        }
        "ReplacementTransformer" => {
            let list = yaml::get_ci(cfg, "replacements")
                .and_then(Value::as_sequence)
                .cloned()
                .unwrap_or_default();
            Transformer::Replacements {
                list: crate::replacement::load(ctx, dir, &list)?,
            }
        }
        "SortOrderTransformer" => {
            // Kustomize v5.5.0 cannot load this one as a plugin.
            let name = yaml::str_at(cfg, &["metadata", "name"]).unwrap_or("");
            return Err(BuildError::config(format!(
                "unable to load builtin SortOrderTransformer.builtin.[noGrp]/{name}.[noNs]"
            )));
        }
        "HashTransformer" => Transformer::Hash,
        other => {
            return Err(BuildError::config(format!(
                "unable to load transformer plugin of kind '{other}': only builtin plugins are supported"
            )));
        }
    };
    Ok(vec![t])
}
