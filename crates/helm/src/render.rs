//! The whole of `helm template` for one chart: dependencies processed, values
//! coalesced and validated, templates rendered (on a large stack, so deep
//! `include` chains cannot overflow), notes, hooks, manifests and CRDs
//! separated.

mod stack;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::capabilities::Capabilities;
use crate::chart::Chart;
use crate::dependencies::{constraint, process_dependencies};
use crate::engine::{Engine, ReleaseOptions};
use crate::error::{Error, Result};
use crate::output::{Hook, Manifest, print_document, sort_manifests};
use crate::values::{SchemaLoader, Values, coalesce_values_taking, validate_against_schemas};
use stack::{Panicked, on_large_stack};

/// Stack of a render: nested `include`s recurse through the executor. Only
/// the pages a render touches are ever backed by memory.
const RENDER_STACK: usize = 512 * 1024 * 1024;

/// Stack size for a thread that renders many charts (a controller's render
/// worker, a benchmark): renders on it run in place instead of switching to a
/// fresh stack segment each time. Only touched pages are backed by memory.
pub const RENDER_THREAD_STACK: usize = RENDER_STACK + 1024 * 1024;

/// Options of a render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// `.Release`.
    pub release: ReleaseOptions,
    /// `.Capabilities`.
    pub capabilities: Capabilities,
    /// The template engine (and its `lookup`).
    pub engine: Engine,
    /// Skip `values.schema.json` validation.
    pub skip_schema_validation: bool,
    /// Fetches the `http(s)` schemas `values.schema.json` files reference.
    pub schema_loader: Option<Arc<dyn SchemaLoader>>,
}

/// A CRD file from a chart's `crds/` directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdFile {
    /// `<chart path>/crds/<file>`.
    pub path: String,
    /// The file's content.
    pub content: String,
}

/// The result of rendering a chart.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Every rendered template by path, `NOTES.txt` files excluded.
    pub templates: BTreeMap<String, String>,
    /// The top-level chart's rendered `NOTES.txt`.
    pub notes: Option<String>,
    /// Manifests in install order.
    pub manifests: Vec<Manifest>,
    /// Hooks in install order.
    pub hooks: Vec<Hook>,
    /// CRDs from `crds/` of the chart and its enabled subcharts.
    pub crds: Vec<CrdFile>,
    /// The final values the templates saw.
    pub values: Values,
}

impl Rendered {
    /// The text `helm template` prints: the release manifest (CRDs when
    /// asked, then manifests) with its surrounding whitespace trimmed and one
    /// line break, then hooks.
    pub fn to_template_output(&self, include_crds: bool) -> String {
        let mut manifest = String::new();
        if include_crds {
            for crd in &self.crds {
                print_document(&mut manifest, &crd.path, &crd.content);
            }
        }
        for m in &self.manifests {
            print_document(&mut manifest, &m.name, &m.content);
        }
        let mut out = manifest.trim().to_string();
        out.push('\n');
        for h in &self.hooks {
            print_document(&mut out, &h.path, &h.manifest);
        }
        out
    }
}

/// Renders `chart` with `user_values` (already merged from `-f` and `--set`).
pub fn render_chart(chart: Chart, user_values: &Values, opts: &RenderOptions) -> Result<Rendered> {
    let user_values = user_values.clone();
    on_render_stack(move || render_inline(chart, user_values, opts))
}

/// Runs a render on a large stack; a panic in it reads as a failed render.
fn on_render_stack<T>(render: impl FnOnce() -> Result<T>) -> Result<T> {
    on_large_stack(RENDER_STACK, render).unwrap_or_else(|Panicked| {
        Err(Error::TemplateExec {
            location: "render".into(),
            reason: "rendering panicked".into(),
        })
    })
}

fn render_inline(mut chart: Chart, user_values: Values, opts: &RenderOptions) -> Result<Rendered> {
    let kube = &chart.metadata.kube_version;
    if !kube.is_empty() && !constraint::satisfies(kube, &opts.capabilities.normalized_version()) {
        return Err(Error::KubeVersion {
            constraint: kube.clone(),
            version: opts.capabilities.normalized_version(),
        });
    }
    let (mut templates, values) = prepare_and_render(&mut chart, user_values, opts)?;
    let notes_path = format!("{}/templates/NOTES.txt", chart.name());
    let notes = templates.remove(&notes_path);
    templates.retain(|k, _| !k.ends_with("NOTES.txt"));
    let (hooks, manifests) = sort_manifests(&templates)?;
    let mut crds = Vec::new();
    collect_crds(&chart, &mut crds);
    Ok(Rendered {
        templates,
        notes,
        manifests,
        hooks,
        crds,
        values,
    })
}

/// What the Helm SDK's chart render does: dependencies processed, values
/// coalesced and validated, every template rendered (`NOTES.txt` included).
/// Returns the rendered templates by path.
pub fn render_templates(
    mut chart: Chart,
    user_values: &Values,
    opts: &RenderOptions,
) -> Result<BTreeMap<String, String>> {
    let user_values = user_values.clone();
    on_render_stack(move || prepare_and_render(&mut chart, user_values, opts).map(|r| r.0))
}

fn prepare_and_render(
    chart: &mut Chart,
    user_values: Values,
    opts: &RenderOptions,
) -> Result<(BTreeMap<String, String>, Values)> {
    process_dependencies(chart, &user_values)?;
    // The chart's defaults are needed no more once coalesced.
    let values = coalesce_values_taking(chart, user_values)?;
    if !opts.skip_schema_validation {
        validate_against_schemas(chart, &values, opts.schema_loader.as_ref())?;
    }
    let templates = opts
        .engine
        .render(chart, &values, &opts.release, &opts.capabilities)?;
    Ok((templates, values))
}

fn collect_crds(chart: &Chart, out: &mut Vec<CrdFile>) {
    let base = chart.full_path();
    for f in chart.crd_files() {
        out.push(CrdFile {
            path: format!("{base}/{}", f.name),
            content: String::from_utf8_lossy(&f.data).into_owned(),
        });
    }
    for dep in &chart.dependencies {
        collect_crds(dep, out);
    }
}
