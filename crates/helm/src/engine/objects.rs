//! The built-in objects each template sees: `.Values` (scoped to the chart),
//! `.Chart`, `.Files`, `.Release`, `.Capabilities`, `.Subcharts`, and the
//! templates to render with them (Helm's `allTemplates`).

use std::collections::BTreeMap;
use std::sync::Arc;

use gotmpl::Value as Tv;

use super::convert::{map_to_template, string};
use crate::chart::Chart;

/// A template to parse and, unless it is a partial, render.
pub(crate) struct Renderable<'c> {
    /// `<chart path>/templates/<file>`.
    pub(crate) name: String,
    /// The template source.
    pub(crate) source: std::borrow::Cow<'c, str>,
    /// The chart's objects (without `.Template`).
    pub(crate) objects: Arc<BTreeMap<Arc<str>, Tv>>,
    /// `<chart path>/templates`.
    pub(crate) base_path: String,
}

/// Collects the templates of `chart` and its subcharts; returns the chart's objects.
pub(crate) fn collect<'c>(
    chart: &'c Chart,
    values: &Tv,
    release: &Tv,
    capabilities: &Tv,
    out: &mut Vec<Renderable<'c>>,
) -> Tv {
    let mut subcharts = BTreeMap::new();
    for child in &chart.dependencies {
        let child_values = match values {
            Tv::Map(m) => match m.get(child.name()) {
                Some(v @ Tv::Map(_)) => v.clone(),
                _ => Tv::Map(Arc::default()),
            },
            _ => Tv::Map(Arc::default()),
        };
        let obj = collect(child, &child_values, release, capabilities, out);
        subcharts.insert(Arc::from(child.name()), obj);
    }
    let mut meta = chart.metadata.to_object();
    meta.insert("IsRoot".into(), serde_json::Value::Bool(chart.is_root()));
    let files: BTreeMap<Arc<str>, Tv> = chart
        .files
        .iter()
        .map(|f| {
            (
                Arc::from(f.name.as_str()),
                Tv::String(Arc::from(text(&f.data).as_ref())),
            )
        })
        .collect();
    let mut objects: BTreeMap<Arc<str>, Tv> = BTreeMap::new();
    objects.insert("Chart".into(), map_to_template(&meta));
    objects.insert("Files".into(), Tv::Map(Arc::new(files)));
    objects.insert("Release".into(), release.clone());
    objects.insert("Capabilities".into(), capabilities.clone());
    objects.insert("Values".into(), values.clone());
    objects.insert("Subcharts".into(), Tv::Map(Arc::new(subcharts)));
    let objects = Arc::new(objects);
    let path = chart.full_path();
    for t in &chart.templates {
        let base = t.name.rsplit('/').next().unwrap_or(&t.name);
        if chart.is_library() && !base.starts_with('_') {
            continue;
        }
        out.push(Renderable {
            name: format!("{path}/{}", t.name),
            source: text(&t.data),
            objects: objects.clone(),
            base_path: format!("{path}/templates"),
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

/// The objects for one template: the chart's plus `.Template`.
pub(crate) fn with_template(r: &Renderable<'_>) -> Tv {
    let mut m = (*r.objects).clone();
    let template = super::convert::object([
        ("Name", string(&r.name)),
        ("BasePath", string(&r.base_path)),
    ]);
    m.insert("Template".into(), template);
    Tv::Map(Arc::new(m))
}
