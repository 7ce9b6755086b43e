//! ConfigMap and Secret generators (`configMapGenerator`, `secretGenerator`
//! and their builtin plugin forms) and how generated objects are absorbed
//! with `behavior: create|merge|replace`.

mod sources;

use base64::Engine;
use serde_yaml::{Mapping, Value};

use crate::build::Ctx;
use crate::error::BuildError;
use crate::kustomization::{GeneratorArgs, GeneratorOptions};
use crate::resource::{Behavior, Resource};
use crate::yaml;

/// Generates a ConfigMap.
pub(crate) fn config_map(
    ctx: &Ctx<'_>,
    dir: &str,
    args: &GeneratorArgs,
    global: Option<&GeneratorOptions>,
) -> Result<Resource, BuildError> {
    generate(ctx, dir, args, global, "ConfigMap")
}

/// Generates a Secret.
pub(crate) fn secret(
    ctx: &Ctx<'_>,
    dir: &str,
    args: &GeneratorArgs,
    global: Option<&GeneratorOptions>,
) -> Result<Resource, BuildError> {
    generate(ctx, dir, args, global, "Secret")
}

/// Runs a builtin generator plugin configuration.
pub(crate) fn from_plugin_config(
    ctx: &Ctx<'_>,
    dir: &str,
    cfg: &Value,
) -> Result<Vec<Resource>, BuildError> {
    let kind = yaml::str_at(cfg, &["kind"]).unwrap_or("");
    let target = match kind {
        "ConfigMapGenerator" => "ConfigMap",
        "SecretGenerator" => "Secret",
        "IAMPolicyGenerator" => return iam_policy(cfg).map(|r| vec![r]),
        other => {
            return Err(BuildError::config(format!(
                "unable to load generator plugin of kind '{other}': plugins are disabled"
            )));
        }
    };
    let mut body = cfg.clone();
    let (name, ns) = (
        yaml::str_at(cfg, &["metadata", "name"]).map(String::from),
        yaml::str_at(cfg, &["metadata", "namespace"]).map(String::from),
    );
    if let Some(m) = body.as_mapping_mut() {
        // Plugin configurations decode leniently: unknown fields are ignored.
        m.retain(|k, _| {
            k.as_str().is_some_and(|k| {
                matches!(
                    k,
                    "name"
                        | "namespace"
                        | "behavior"
                        | "files"
                        | "literals"
                        | "envs"
                        | "env"
                        | "type"
                        | "options"
                )
            })
        });
    }
    let mut args: GeneratorArgs = serde_yaml::from_value(body)
        .map_err(|e| BuildError::config(format!("invalid {kind} config: {e}")))?;
    args.name = args.name.or(name);
    args.namespace = args.namespace.or(ns);
    Ok(vec![generate(ctx, dir, &args, None, target)?])
}

/// `IAMPolicyGenerator` (cloud `gke`): a ServiceAccount bound to a Google
/// service account through the workload identity annotation.
fn iam_policy(cfg: &Value) -> Result<Resource, BuildError> {
    let s = |p: &[&str]| yaml::str_at(cfg, p).unwrap_or("").to_string();
    let cloud = s(&["cloud"]);
    if cloud != "gke" {
        return Err(BuildError::config(format!(
            "IAMPolicyGenerator: cloud '{cloud}' is not supported"
        )));
    }
    let (name, ns) = (
        s(&["kubernetesService", "name"]),
        s(&["kubernetesService", "namespace"]),
    );
    let gsa = format!(
        "{}@{}.iam.gserviceaccount.com",
        s(&["serviceAccount", "name"]),
        s(&["serviceAccount", "projectId"])
    );
    let mut meta = Mapping::new();
    let mut ann = Mapping::new();
    ann.insert("iam.gke.io/gcp-service-account".into(), gsa.into());
    meta.insert("annotations".into(), Value::Mapping(ann));
    meta.insert("name".into(), name.into());
    if !ns.is_empty() {
        meta.insert("namespace".into(), ns.into());
    }
    let mut root = Mapping::new();
    root.insert("apiVersion".into(), "v1".into());
    root.insert("kind".into(), "ServiceAccount".into());
    root.insert("metadata".into(), Value::Mapping(meta));
    Ok(Resource::new(Value::Mapping(root)))
}

fn merged_options(
    local: Option<&GeneratorOptions>,
    global: Option<&GeneratorOptions>,
) -> GeneratorOptions {
    let mut out = global.cloned().unwrap_or_default();
    if let Some(l) = local {
        for (field, src) in [
            (&mut out.labels, &l.labels),
            (&mut out.annotations, &l.annotations),
        ] {
            if let Some(src) = src {
                let dst = field.get_or_insert_with(Mapping::new);
                for (k, v) in src {
                    dst.insert(k.clone(), v.clone());
                }
            }
        }
        if l.disable_name_suffix_hash.is_some() && out.disable_name_suffix_hash != Some(true) {
            out.disable_name_suffix_hash = l.disable_name_suffix_hash;
        }
        if l.immutable.is_some() && out.immutable != Some(true) {
            out.immutable = l.immutable;
        }
    }
    out
}

fn generate(
    ctx: &Ctx<'_>,
    dir: &str,
    args: &GeneratorArgs,
    global: Option<&GeneratorOptions>,
    kind: &str,
) -> Result<Resource, BuildError> {
    let name = args.name.clone().unwrap_or_default();
    if name.is_empty() {
        return Err(BuildError::config(format!(
            "a {} must have a name",
            kind.to_lowercase()
        )));
    }
    // kustomize reads any other spelling (`add`, `Merge`, ...) as
    // "unspecified", which generates like `create`.
    let behavior = match args.behavior.as_deref().unwrap_or("") {
        "merge" => Behavior::Merge,
        "replace" => Behavior::Replace,
        _ => Behavior::Create,
    };
    let pairs = sources::load_pairs(ctx, dir, args)?;
    let mut root = Mapping::new();
    root.insert("apiVersion".into(), "v1".into());
    root.insert("kind".into(), kind.into());
    let mut meta = Mapping::new();
    meta.insert("name".into(), name.clone().into());
    if let Some(ns) = args.namespace.as_deref().filter(|n| !n.is_empty()) {
        meta.insert("namespace".into(), ns.into());
    }
    let opts = merged_options(args.options.as_ref(), global);
    for (key, src) in [("labels", &opts.labels), ("annotations", &opts.annotations)] {
        if let Some(m) = src.as_ref().filter(|m| !m.is_empty()) {
            meta.insert(key.into(), Value::Mapping(stringify(m)));
        }
    }
    root.insert("metadata".into(), Value::Mapping(meta));
    let mut data = Mapping::new();
    let mut binary = Mapping::new();
    for (k, v) in pairs {
        let k = Value::from(k);
        match (kind, String::from_utf8(v)) {
            ("Secret", Ok(s)) => {
                data.insert(k, wrapped_base64(s.as_bytes()).into());
            }
            ("Secret", Err(e)) => {
                data.insert(k, wrapped_base64(e.as_bytes()).into());
            }
            (_, Ok(s)) => {
                data.insert(k, s.into());
            }
            (_, Err(e)) => {
                binary.insert(k, wrapped_base64(e.as_bytes()).into());
            }
        }
    }
    if kind == "Secret" {
        let t = args
            .kind
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Opaque".into());
        root.insert("type".into(), t.into());
    }
    // kustomize always gives a generated Secret its `data` map, even empty.
    if kind == "Secret" || !data.is_empty() {
        root.insert("data".into(), Value::Mapping(data));
    }
    if !binary.is_empty() {
        root.insert("binaryData".into(), Value::Mapping(binary));
    }
    if opts.immutable == Some(true) {
        root.insert("immutable".into(), true.into());
    }
    let mut res = Resource::new(Value::Mapping(root));
    res.behavior = behavior;
    res.generated = true;
    res.needs_hash = opts.disable_name_suffix_hash != Some(true);
    Ok(res)
}

/// Base64 in lines of 70 characters, each ending in a newline once there is
/// more than one line (what kustomize writes into Secrets).
fn wrapped_base64(data: &[u8]) -> String {
    let enc = base64::engine::general_purpose::STANDARD.encode(data);
    if enc.len() / 70 < 1 {
        return enc;
    }
    let mut out = String::with_capacity(enc.len() + enc.len() / 70 + 1);
    for chunk in enc.as_bytes().chunks(70) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out
}

fn stringify(m: &Mapping) -> Mapping {
    m.iter()
        .map(|(k, v)| {
            (
                Value::from(yaml::scalar_string(k).unwrap_or_default()),
                Value::from(yaml::scalar_string(v).unwrap_or_default()),
            )
        })
        .collect()
}

/// Adds a generated resource to `list`, merging or replacing an existing one
/// with the same id as its behaviour says.
pub(crate) fn absorb(list: &mut Vec<Resource>, mut res: Resource) -> Result<(), BuildError> {
    let id = res.cur_id();
    let matches: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(_, r)| r.all_ids().iter().any(|x| x.same_as(&id)))
        .map(|(i, _)| i)
        .collect();
    match (matches.as_slice(), res.behavior) {
        ([], Behavior::Create) => {
            list.push(res);
            Ok(())
        }
        ([], _) => Err(BuildError::config(format!(
            "id '{id}' does not exist; cannot merge or replace"
        ))),
        ([i], Behavior::Create) => {
            let _ = i;
            Err(BuildError::config(format!(
                "id '{id}' exists; behavior must be merge or replace"
            )))
        }
        ([i], behavior) => {
            let old = &list[*i];
            copy_merge_metadata(&mut res, old);
            if behavior == Behavior::Merge {
                for key in ["data", "binaryData"] {
                    merge_map_field(&mut res.value, &old.value, key);
                }
                if old.origin.is_some() {
                    res.origin = old.origin.clone();
                }
            }
            res.behavior = Behavior::Create;
            list[*i] = res;
            Ok(())
        }
        _ => Err(BuildError::config(format!(
            "found multiple objects that could accept merge of '{id}'"
        ))),
    }
}

fn merge_string_maps(old: Option<&Value>, new: Option<&Value>) -> Mapping {
    let mut out = Mapping::new();
    for src in [old, new].into_iter().flatten() {
        if let Some(m) = src.as_mapping() {
            for (k, v) in m {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    sorted(out)
}

fn sorted(m: Mapping) -> Mapping {
    let mut entries: Vec<(Value, Value)> = m.into_iter().collect();
    entries.sort_by_key(|a| yaml::scalar_string(&a.0));
    entries.into_iter().collect()
}

fn copy_merge_metadata(res: &mut Resource, old: &Resource) {
    for key in ["labels", "annotations"] {
        let merged = merge_string_maps(
            yaml::get_path(&old.value, &["metadata", key]),
            yaml::get_path(&res.value, &["metadata", key]),
        );
        if let Some(meta) = yaml::ensure_map(&mut res.value, &["metadata"]) {
            if merged.is_empty() {
                meta.shift_remove(key);
            } else {
                meta.insert(key.into(), Value::Mapping(merged));
            }
        }
    }
    res.set_name(old.name());
    let ns = old.namespace().to_string();
    if ns.is_empty() {
        if let Some(meta) = yaml::ensure_map(&mut res.value, &["metadata"]) {
            meta.shift_remove("namespace");
        }
    } else {
        res.set_namespace(&ns);
    }
    res.needs_hash = res.needs_hash && old.needs_hash;
    res.prev_ids = old.prev_ids.clone();
    res.ref_vars = old.ref_vars.clone();
    res.prefixes = old.prefixes.clone();
    res.suffixes = old.suffixes.clone();
    res.generated = old.generated || res.generated;
}

fn merge_map_field(new: &mut Value, old: &Value, key: &str) {
    let merged = merge_string_maps(yaml::get(old, key), yaml::get(new, key));
    if let Some(m) = new.as_mapping_mut() {
        // Like kustomize's SetDataMap: an empty merge leaves no field.
        if merged.is_empty() {
            m.shift_remove(key);
        } else {
            m.insert(key.into(), Value::Mapping(merged));
        }
    }
}
