//! Loading charts from a directory or a `.tgz` archive, bounded and contained,
//! and arranging the files the way Helm's loader does.

mod archive;
mod directory;
mod helmignore;

use std::path::Path;

use crate::chart::{Chart, File, Metadata};
use crate::error::{Error, Result};
use crate::values;

pub use archive::load_archive;
pub use directory::load_dir;

/// Largest chart archive accepted (compressed).
pub const MAX_ARCHIVE_SIZE: u64 = 10 * 1024 * 1024;
/// Largest single file accepted inside a chart.
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;
/// Largest total of all files of a chart, subcharts included.
pub const MAX_TOTAL_SIZE: u64 = 100 * 1024 * 1024;
/// Deepest subchart nesting accepted (`charts/a/charts/b/...`).
const MAX_DEPTH: usize = 32;

/// Loads a chart from a directory or a `.tgz` file.
pub fn load(path: &Path) -> Result<Chart> {
    if path.is_dir() {
        directory::load_existing_dir(path)
    } else {
        let err = |reason: String| Error::Load {
            chart: path.display().to_string(),
            reason,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
        if meta.len() > MAX_ARCHIVE_SIZE {
            return Err(err(format!(
                "archive is larger than {MAX_ARCHIVE_SIZE} bytes"
            )));
        }
        let data = std::fs::read(path).map_err(|e| err(e.to_string()))?;
        load_archive(&data)
    }
}

/// Builds a chart from its files (paths relative to the chart root).
pub fn load_files(files: Vec<File>) -> Result<Chart> {
    load_files_at(files, 0)
}

fn load_files_at(files: Vec<File>, depth: usize) -> Result<Chart> {
    let mut chart = Chart::default();
    let chart_yaml = files
        .iter()
        .find(|f| f.name == "Chart.yaml")
        .ok_or_else(|| Error::Load {
            chart: String::new(),
            reason: "Chart.yaml file is missing".into(),
        })?;
    chart.metadata = Metadata::parse(&chart_yaml.data).map_err(|reason| Error::Parse {
        chart: String::new(),
        file: "Chart.yaml".into(),
        reason,
    })?;
    if chart.metadata.api_version.is_empty() {
        chart.metadata.api_version = "v1".into();
    }
    let name = chart.metadata.name.clone();
    let mut subcharts: Vec<(String, Vec<File>)> = Vec::new();
    for f in files {
        match f.name.as_str() {
            "Chart.yaml" | "Chart.lock" | "requirements.lock" => {}
            "values.yaml" => {
                chart.values = values::parse_values(&f.data).map_err(|reason| Error::Parse {
                    chart: name.clone(),
                    file: "values.yaml".into(),
                    reason,
                })?;
            }
            "values.schema.json" => chart.schema = Some(f.data),
            "requirements.yaml" => {
                if let Ok(md) = Metadata::parse(&f.data) {
                    chart.metadata.dependencies = md.dependencies;
                }
                if chart.metadata.api_version == "v1" {
                    chart.files.push(f);
                }
            }
            n if n.starts_with("templates/") => chart.templates.push(f),
            n if n.starts_with("charts/") && !n.ends_with(".prov") => {
                let rest = &n["charts/".len()..];
                let sub = rest.split('/').next().unwrap_or_default().to_string();
                let inner = File {
                    name: rest.to_string(),
                    data: f.data,
                };
                match subcharts.iter_mut().find(|(s, _)| *s == sub) {
                    Some((_, v)) => v.push(inner),
                    None => subcharts.push((sub, vec![inner])),
                }
            }
            _ => chart.files.push(f),
        }
    }
    chart.metadata.validate().map_err(|reason| Error::Load {
        chart: name.clone(),
        reason: format!("validation: {reason}"),
    })?;
    subcharts.sort_by(|a, b| a.0.cmp(&b.0));
    for (sub, files) in subcharts {
        if sub.starts_with('_') || sub.starts_with('.') {
            continue;
        }
        if depth >= MAX_DEPTH {
            return Err(Error::Load {
                chart: name,
                reason: "subcharts are nested too deeply".into(),
            });
        }
        let wrap = |e: Error| Error::Load {
            chart: name.clone(),
            reason: format!("error unpacking subchart {sub}: {e}"),
        };
        let loaded = if sub.ends_with(".tgz") {
            let Some(file) = files.into_iter().find(|f| f.name == sub) else {
                continue;
            };
            archive::load_archive_at(&file.data, depth + 1).map_err(wrap)?
        } else {
            let inner: Vec<File> = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(File {
                        name: rest.to_string(),
                        data: f.data,
                    })
                })
                .collect();
            load_files_at(inner, depth + 1).map_err(wrap)?
        };
        chart.dependencies.push(loaded);
    }
    chart.set_parent_paths();
    Ok(chart)
}

/// Rejects paths that leave the chart root: absolute, `..`, or empty segments.
pub(crate) fn check_contained(name: &str) -> std::result::Result<(), String> {
    if name.starts_with('/') || name.contains('\\') && name.starts_with('\\') {
        return Err(format!("chart illegally contains absolute path {name:?}"));
    }
    if name.split('/').any(|seg| seg == "..") {
        return Err(format!(
            "chart illegally references a parent directory: {name:?}"
        ));
    }
    Ok(())
}
