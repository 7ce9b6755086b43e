//! The built-in objects each template sees: `.Values` (scoped to the chart),
//! `.Chart`, `.Files`, `.Release`, `.Capabilities`, `.Subcharts`, and the
//! templates to render with them (Helm's `allTemplates`).

use std::sync::Arc;

use super::convert::string;
use super::value::{Dict, Entries, Value as Tv};
use crate::chart::Chart;

/// A template to parse and, unless it is a partial, render.
pub(crate) struct Renderable<'c> {
    /// `<chart path>/templates/<file>`.
    pub(crate) name: String,
    /// The template source.
    pub(crate) source: std::borrow::Cow<'c, str>,
    /// The chart's objects, shared by its templates as in Helm (`.Template`
    /// is set before each one renders).
    pub(crate) objects: Dict,
    /// `<chart path>/templates`, shared by the chart's templates.
    pub(crate) base_path: Tv,
}

/// Collects the templates of `chart` and its subcharts; returns the chart's objects.
pub(crate) fn collect<'c>(
    chart: &'c Chart,
    values: &Tv,
    release: &Tv,
    capabilities: &Tv,
    out: &mut Vec<Renderable<'c>>,
) -> Tv {
    let mut subcharts = Entries::new();
    for child in &chart.dependencies {
        let child_values = match values {
            Tv::Map(m) => match m.get(child.name()) {
                Some(v @ Tv::Map(_)) => v,
                _ => Tv::map(Entries::new()),
            },
            _ => Tv::map(Entries::new()),
        };
        let obj = collect(child, &child_values, release, capabilities, out);
        subcharts.insert(Arc::from(child.name()), obj);
    }
    let files: Entries = chart
        .files
        .iter()
        .map(|f| (Arc::from(f.name.as_str()), Tv::file_content(&f.data)))
        .collect();
    let mut objects = Entries::new();
    objects.insert("Chart".into(), chart.metadata.to_template(chart.is_root()));
    objects.insert("Files".into(), Tv::map(files));
    objects.insert("Release".into(), release.clone());
    objects.insert("Capabilities".into(), capabilities.clone());
    objects.insert("Values".into(), values.clone());
    objects.insert("Subcharts".into(), Tv::map(subcharts));
    let objects = Dict::new(objects);
    let path = chart.full_path();
    let base_path = string(&format!("{path}/templates"));
    for t in &chart.templates {
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if chart.is_library() && !base.starts_with('_') {
            continue;
        }
        out.push(Renderable {
            name: format!("{path}/{}", t.name),
            source: text(&t.data),
            objects: objects.clone(),
            base_path: base_path.clone(),
        });
    }
    Tv::Map(objects)
}

/// A file's bytes as text (invalid UTF-8 replaced); the fast check first.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(data) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(data),
    }
}

/// The objects for one template: the chart's, `.Template` set to it.
pub(crate) fn with_template(r: &Renderable<'_>) -> Tv {
    let template =
        super::convert::object([("Name", string(&r.name)), ("BasePath", r.base_path.clone())]);
    r.objects.set("Template", template);
    Tv::Map(r.objects.clone())
}
