//! One kustomization level: resources and bases, configurations, generators,
//! components, transformers and vars, in kustomize's order.

use serde_yaml::Value;

use super::Accumulator;
use super::load::{Ctx, is_remote, resources_from_text};
use crate::config::TransformerConfig;
use crate::error::BuildError;
use crate::fs::{self, EntryKind, FsError};
use crate::generate;
use crate::kustomization::Kustomization;
use crate::origin::Origin;
use crate::resource::Resource;
use crate::transform::{self, Transformer};

/// Accumulates one kustomization (or component) into `ra`.
pub(crate) fn accumulate_target(
    ctx: &mut Ctx<'_>,
    dir: &str,
    file: &str,
    k: &Kustomization,
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    let mut entries: Vec<String> = k.resources.clone().unwrap_or_default();
    entries.extend(k.bases.clone().unwrap_or_default());
    accumulate_resources(ctx, dir, &entries, ra)?;
    // Like kustomize: the defaults merged with this level's configurations,
    // merged into what the resources brought.
    let mut tc = TransformerConfig::builtin();
    for c in k.configurations.iter().flatten() {
        let (text, path) = ctx.load_file(dir, c)?;
        tc.merge(&TransformerConfig::parse(&text, &path)?);
    }
    ra.config.merge(&tc);
    for crd in k.crds.iter().flatten() {
        let (text, path) = ctx.load_file(dir, crd)?;
        ra.config
            .merge(&crate::crds::config_from_crds(&text, &path)?);
    }
    let kfile = if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    };
    let configured_in = ctx.origin_path(&kfile);
    run_generators(ctx, dir, &configured_in, k, ra)?;
    for c in k.components.iter().flatten() {
        accumulate_component(ctx, dir, c, ra)?;
    }
    run_transformers(ctx, dir, &configured_in, k, ra)?;
    if let Some(vars) = &k.vars {
        crate::vars::bind(&mut ra.resources, vars)?;
        for v in vars {
            ra.add_var(v.clone())?;
        }
    }
    Ok(())
}

/// Loads `resources:` entries: files become resources, directories are
/// built as nested kustomizations.
pub(crate) fn accumulate_resources(
    ctx: &mut Ctx<'_>,
    dir: &str,
    entries: &[String],
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    for entry in entries {
        if is_remote(entry) {
            super::remote::accumulate_remote(ctx, dir, entry, false, ra)?;
            continue;
        }
        let path = fs::join(dir, entry)?;
        match ctx.fs.kind(&path)? {
            Some(EntryKind::File) => {
                let (text, path) = ctx.load_file(dir, entry)?;
                let mut items = resources_from_text(&text, &path)?;
                if ctx.meta {
                    let origin = crate::origin::Origin::file(ctx.origin_path(&path));
                    items
                        .iter_mut()
                        .for_each(|r| r.origin = Some(origin.clone()));
                }
                ra.append_all(items)?;
            }
            Some(EntryKind::Dir) => {
                let sub = build_directory(ctx, &path)?;
                ra.merge(sub)?;
            }
            None => return Err(FsError::NotFound(path).into()),
        }
    }
    Ok(())
}

/// Builds a nested kustomization directory into a fresh accumulator.
pub(super) fn build_directory(ctx: &mut Ctx<'_>, path: &str) -> Result<Accumulator, BuildError> {
    ctx.check_cycle(path)?;
    let (k, file) = ctx.load_kustomization(path)?;
    ctx.set_schema(path, &k, false)?;
    if k.is_component() {
        return Err(BuildError::config(format!(
            "expected kind != 'Component' for path '{path}'"
        )));
    }
    ctx.stack.push(path.to_string());
    let mut sub = Accumulator::new();
    let result = accumulate_target(ctx, path, &file, &k, &mut sub);
    ctx.stack.pop();
    result?;
    Ok(sub)
}

fn accumulate_component(
    ctx: &mut Ctx<'_>,
    dir: &str,
    entry: &str,
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    if is_remote(entry) {
        return super::remote::accumulate_remote(ctx, dir, entry, true, ra);
    }
    let path = fs::join(dir, entry)?;
    component_at(ctx, &path, ra)
}

/// Accumulates the component in directory `path` into `ra`.
pub(super) fn component_at(
    ctx: &mut Ctx<'_>,
    path: &str,
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    let path = path.to_string();
    if ctx.fs.kind(&path)? != Some(EntryKind::Dir) {
        return Err(BuildError::config(format!(
            "component '{path}' must be a directory"
        )));
    }
    ctx.check_cycle(&path)?;
    let (k, file) = ctx.load_kustomization(&path)?;
    ctx.set_schema(&path, &k, false)?;
    if !k.is_component() {
        let kind = k.kind.clone().unwrap_or_default();
        return Err(BuildError::config(format!(
            "expected kind 'Component' for path '{path}' but got '{kind}'"
        )));
    }
    if let Some(av) = &k.api_version
        && av != "kustomize.config.k8s.io/v1alpha1"
    {
        return Err(BuildError::config(format!(
            "apiVersion for Component should be kustomize.config.k8s.io/v1alpha1, got '{av}' in '{path}'"
        )));
    }
    ctx.stack.push(path.clone());
    let result = accumulate_target(ctx, &path, &file, &k, ra);
    ctx.stack.pop();
    result
}

fn run_generators(
    ctx: &mut Ctx<'_>,
    dir: &str,
    configured_in: &str,
    k: &Kustomization,
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    let global = k.generator_options.as_ref();
    let meta = ctx.meta;
    let origin = |kind: &str, name: &str| {
        meta.then(|| Origin::builtin(configured_in.to_string(), kind, name))
    };
    for args in k.config_map_generator.iter().flatten() {
        let mut made = generate::config_map(ctx, dir, args, global)?;
        made.origin = origin("ConfigMapGenerator", "");
        absorb(ra, made)?;
    }
    for args in k.secret_generator.iter().flatten() {
        let mut made = generate::secret(ctx, dir, args, global)?;
        made.origin = origin("SecretGenerator", "");
        absorb(ra, made)?;
    }
    for (cfg, from) in plugin_configs(
        ctx,
        dir,
        configured_in,
        k.generators.as_deref().unwrap_or_default(),
    )? {
        let by = plugin_origin(&cfg, from);
        for mut made in generate::from_plugin_config(ctx, dir, &cfg)? {
            made.origin = meta.then(|| by.clone());
            absorb(ra, made)?;
        }
    }
    Ok(())
}

/// Adds a generated resource, honouring `behavior: create|merge|replace`.
fn absorb(ra: &mut Accumulator, res: Resource) -> Result<(), BuildError> {
    generate::absorb(&mut ra.resources, res)
}

fn run_transformers(
    ctx: &mut Ctx<'_>,
    dir: &str,
    configured_in: &str,
    k: &Kustomization,
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    let mut list: Vec<(Transformer, Origin)> =
        transform::from_kustomization(ctx, dir, k, &ra.config)?
            .into_iter()
            .map(|(t, kind)| (t, Origin::builtin(configured_in.to_string(), kind, "")))
            .collect();
    for (cfg, from) in plugin_configs(
        ctx,
        dir,
        configured_in,
        k.transformers.as_deref().unwrap_or_default(),
    )? {
        let by = plugin_origin(&cfg, from);
        for t in transform::from_plugin_config(ctx, dir, &cfg, &ra.config)? {
            list.push((t, by.clone()));
        }
    }
    for (t, origin) in &list {
        transform::apply(
            t,
            &mut ra.resources,
            ctx.schema.as_deref(),
            ctx.opts.smp_directives,
        )?;
        if ctx.meta {
            for r in ra.resources.iter_mut() {
                match &r.origin {
                    None => r.origin = Some(origin.clone()),
                    Some(_) => r.transformations.push(origin.clone()),
                }
            }
        }
    }
    Ok(())
}

/// The origin of a plugin configured by `cfg`, read from `configured_in`.
fn plugin_origin(cfg: &Value, configured_in: String) -> Origin {
    let s = |p: &[&str]| crate::yaml::str_at(cfg, p).unwrap_or("").to_string();
    let (api, kind, name, ns) = (
        s(&["apiVersion"]),
        s(&["kind"]),
        s(&["metadata", "name"]),
        s(&["metadata", "namespace"]),
    );
    Origin::plugin(configured_in, [&api, &kind, &name, &ns])
}

/// Reads `generators:`/`transformers:` entries: inline YAML, files, or
/// kustomization directories whose output is plugin configuration. Each
/// comes with the file that configured it (as origins show it).
fn plugin_configs(
    ctx: &mut Ctx<'_>,
    dir: &str,
    configured_in: &str,
    entries: &[String],
) -> Result<Vec<(Value, String)>, BuildError> {
    let mut out = Vec::new();
    for entry in entries {
        let inline = crate::yaml::parse_stream(entry, "<inline>")
            .ok()
            .filter(|d| !d.is_empty() && d.iter().all(Value::is_mapping));
        if let Some(docs) = inline {
            out.extend(docs.into_iter().map(|d| (d, configured_in.to_string())));
            continue;
        }
        // Origins are recorded while loading so each config knows its file.
        let saved = std::mem::replace(&mut ctx.meta, true);
        let mut sub = Accumulator::new();
        let result = accumulate_resources(ctx, dir, std::slice::from_ref(entry), &mut sub);
        ctx.meta = saved;
        result?;
        for r in sub.resources {
            let from = r
                .origin
                .as_ref()
                .map(|o| o.path.clone())
                .unwrap_or_else(|| configured_in.to_string());
            out.push((r.value, from));
        }
    }
    Ok(out)
}
