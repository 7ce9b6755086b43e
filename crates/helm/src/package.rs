//! Writing a chart archive the way `helm package` (chartutil.Save) does: a gzip
//! stream with Helm's header comment, holding a tar whose entries all sit under
//! `<name>/`, in Helm's order — Chart.yaml (re-marshalled), Chart.lock,
//! values.yaml, values.schema.json, templates, other files, then each
//! dependency under `charts/` — with mode 0644 and no directory entries.

use std::io::Write;

use flate2::{Compression, GzBuilder};

use crate::goyaml;

/// What goes into an archive; paths of templates and files are relative to the
/// chart root (`templates/x.yaml`, `README.md`).
#[derive(Debug, Clone, Default)]
pub struct PackageChart {
    /// Chart name (the archive's top directory).
    pub name: String,
    /// Chart.yaml's fields (Helm re-marshals them, so key order and quoting are
    /// go-yaml's).
    pub metadata: serde_json::Value,
    /// Chart.lock's fields, written for apiVersion v2 charts when present.
    pub lock: Option<serde_json::Value>,
    /// values.yaml exactly as it was.
    pub values: Option<Vec<u8>>,
    /// values.schema.json exactly as it was (must be valid JSON).
    pub schema: Option<Vec<u8>>,
    /// Templates in load order.
    pub templates: Vec<(String, Vec<u8>)>,
    /// Other files in load order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Subcharts.
    pub dependencies: Vec<PackageChart>,
}

/// Why a chart could not be packaged.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// A name or path that would leave the archive's root.
    #[error("invalid chart name or path {0:?}")]
    InvalidPath(String),
    /// Invalid JSON in values.schema.json.
    #[error("Invalid JSON in values.schema.json")]
    InvalidSchema,
    /// Metadata that cannot be serialised.
    #[error("failed to marshal chart metadata: {0}")]
    Metadata(String),
    /// Writing the archive failed.
    #[error("failed to write chart archive")]
    Io(#[source] std::io::Error),
}

/// The gzip "extra" field Helm writes into every chart archive header.
const HELM_GZIP_EXTRA: &[u8] = b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";

fn check_path(p: &str) -> Result<(), PackageError> {
    if p.is_empty()
        || p.starts_with('/')
        || p.split('/').any(|s| s == ".." || s.is_empty())
        || p.contains('\\')
    {
        return Err(PackageError::InvalidPath(p.into()));
    }
    Ok(())
}

fn to_yaml(v: &serde_json::Value) -> Result<Vec<u8>, PackageError> {
    let text = serde_json::to_string(v).map_err(|e| PackageError::Metadata(e.to_string()))?;
    let value = goyaml::from_json(&text).map_err(PackageError::Metadata)?;
    goyaml::marshal(&value)
        .map(String::into_bytes)
        .map_err(|e| PackageError::Metadata(e.to_string()))
}

fn entry<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    body: &[u8],
    mtime: u64,
) -> Result<(), PackageError> {
    let mut h = tar::Header::new_ustar();
    h.set_mode(0o644);
    h.set_size(body.len() as u64);
    h.set_mtime(mtime);
    h.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut h, path, body)
        .map_err(PackageError::Io)
}

fn write_chart<W: Write>(
    tar: &mut tar::Builder<W>,
    c: &PackageChart,
    prefix: &str,
    mtime: u64,
) -> Result<(), PackageError> {
    check_path(&c.name)?;
    if c.name.contains('/') {
        return Err(PackageError::InvalidPath(c.name.clone()));
    }
    let base = format!("{prefix}{}", c.name);
    let v1 = c
        .metadata
        .get("apiVersion")
        .and_then(serde_json::Value::as_str)
        == Some("v1");
    let mut meta = c.metadata.clone();
    if v1 && let Some(m) = meta.as_object_mut() {
        m.remove("dependencies");
    }
    entry(tar, &format!("{base}/Chart.yaml"), &to_yaml(&meta)?, mtime)?;
    if !v1 && let Some(lock) = &c.lock {
        entry(tar, &format!("{base}/Chart.lock"), &to_yaml(lock)?, mtime)?;
    }
    if let Some(values) = &c.values {
        entry(tar, &format!("{base}/values.yaml"), values, mtime)?;
    }
    if let Some(schema) = &c.schema {
        serde_json::from_slice::<serde_json::Value>(schema)
            .map_err(|_| PackageError::InvalidSchema)?;
        entry(tar, &format!("{base}/values.schema.json"), schema, mtime)?;
    }
    for (path, body) in c.templates.iter().chain(c.files.iter()) {
        check_path(path)?;
        entry(tar, &format!("{base}/{path}"), body, mtime)?;
    }
    for dep in &c.dependencies {
        write_chart(tar, dep, &format!("{base}/charts/"), mtime)?;
    }
    Ok(())
}

/// The `.tgz` bytes of `chart`, every entry stamped with `mtime` (Unix seconds).
///
/// # Errors
/// On unsafe paths, an invalid schema or unserialisable metadata.
pub fn package(chart: &PackageChart, mtime: u64) -> Result<Vec<u8>, PackageError> {
    let gz = GzBuilder::new()
        .extra(HELM_GZIP_EXTRA)
        .comment("Helm")
        .operating_system(255)
        .write(Vec::new(), Compression::default());
    let mut tar = tar::Builder::new(gz);
    write_chart(&mut tar, chart, "", mtime)?;
    let gz = tar.into_inner().map_err(PackageError::Io)?;
    gz.finish().map_err(PackageError::Io)
}

/// `<name>-<version>.tgz`, the file name `helm package` gives an archive.
pub fn archive_name(chart: &PackageChart) -> String {
    let version = chart
        .metadata
        .get("version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    format!("{}-{version}.tgz", chart.name)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn chart() -> PackageChart {
        PackageChart {
            name: "web".into(),
            metadata: serde_json::json!({"name": "web", "version": "1.0.0", "apiVersion": "v2", "appVersion": "1.0"}),
            values: Some(b"replicas: 1\n".to_vec()),
            templates: vec![("templates/cm.yaml".into(), b"kind: ConfigMap\n".to_vec())],
            files: vec![("README.md".into(), b"# web\n".to_vec())],
            dependencies: vec![PackageChart {
                name: "sub".into(),
                metadata: serde_json::json!({"name": "sub", "version": "0.1.0", "apiVersion": "v2"}),
                ..PackageChart::default()
            }],
            ..PackageChart::default()
        }
    }

    #[test]
    fn writes_helm_layout_in_order() {
        let bytes = package(&chart(), 1_700_000_000).unwrap();
        let gz = flate2::read::GzDecoder::new(bytes.as_slice());
        assert_eq!(gz.header().and_then(|h| h.comment()), Some(&b"Helm"[..]));
        let mut archive = tar::Archive::new(gz);
        let mut seen = Vec::new();
        for e in archive.entries().unwrap() {
            let mut e = e.unwrap();
            assert_eq!(e.header().mode().unwrap(), 0o644);
            assert_eq!(e.header().mtime().unwrap(), 1_700_000_000);
            let path = e.path().unwrap().to_string_lossy().to_string();
            let mut body = String::new();
            e.read_to_string(&mut body).unwrap();
            seen.push((path, body));
        }
        let paths: Vec<&str> = seen.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "web/Chart.yaml",
                "web/values.yaml",
                "web/templates/cm.yaml",
                "web/README.md",
                "web/charts/sub/Chart.yaml"
            ]
        );
        assert_eq!(
            seen[0].1,
            "apiVersion: v2\nappVersion: \"1.0\"\nname: web\nversion: 1.0.0\n"
        );
        assert_eq!(archive_name(&chart()), "web-1.0.0.tgz");
    }

    #[test]
    fn rejects_paths_that_escape_and_bad_schemas() {
        let mut c = chart();
        c.files.push(("../evil".into(), vec![]));
        assert!(matches!(package(&c, 0), Err(PackageError::InvalidPath(_))));
        let mut c = chart();
        c.schema = Some(b"{not json".to_vec());
        assert!(matches!(package(&c, 0), Err(PackageError::InvalidSchema)));
    }
}
