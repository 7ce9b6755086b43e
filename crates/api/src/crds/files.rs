//! Rendering the CRDs to files, and checking that files on disk are current.

use std::path::Path;
use std::{fs, io};

use super::{all, file_name, to_yaml};

/// Why the CRD files could not be rendered or written.
#[derive(Debug)]
pub enum FilesError {
    /// A CRD could not be serialised to YAML.
    Render(serde_yaml::Error),
    /// A rendered CRD contains `{{`, which Helm would treat as a template action.
    TemplateAction(String),
    /// Reading or writing `path` failed.
    Io(String, io::Error),
}

impl std::fmt::Display for FilesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Render(e) => write!(f, "failed to render a CRD as YAML: {e}"),
            Self::TemplateAction(name) => {
                write!(
                    f,
                    "'{name}' contains '{{{{', which Helm would try to render"
                )
            }
            Self::Io(path, e) => write!(f, "failed to access '{path}': {e}"),
        }
    }
}

impl std::error::Error for FilesError {}

/// Helm's annotation that keeps an object when its release is uninstalled.
const HELM_RESOURCE_POLICY: &str = "helm.sh/resource-policy";

/// Every CRD as `(file name, YAML)`, sorted by file name.
///
/// The files are the chart's: each CRD carries `helm.sh/resource-policy: keep`, so
/// `helm uninstall` leaves the CRDs, and with them every user's Flux objects, in place.
pub fn render() -> Result<Vec<(String, String)>, FilesError> {
    let mut files = all()
        .into_iter()
        .map(|mut crd| {
            crd.metadata
                .annotations
                .get_or_insert_default()
                .insert(HELM_RESOURCE_POLICY.to_owned(), "keep".to_owned());
            let name = file_name(&crd);
            let yaml = to_yaml(&crd).map_err(FilesError::Render)?;
            // The chart ships these files under templates/, so Helm renders them.
            if yaml.contains("{{") {
                return Err(FilesError::TemplateAction(name));
            }
            Ok((name, yaml))
        })
        .collect::<Result<Vec<_>, _>>()?;
    files.sort();
    Ok(files)
}

/// The names of the files in `dir` that differ from what [`render`] produces,
/// including YAML files no kind produces any more.
pub fn stale(dir: &Path) -> Result<Vec<String>, FilesError> {
    let rendered = render()?;
    let mut changed = leftovers(dir, &rendered)?;
    for (name, yaml) in rendered {
        let path = dir.join(&name);
        match fs::read_to_string(&path) {
            Ok(current) if current == yaml => {}
            Ok(_) => changed.push(name),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changed.push(name),
            Err(e) => return Err(FilesError::Io(path.display().to_string(), e)),
        }
    }
    Ok(changed)
}

/// Writes every CRD into `dir`, creating it; returns the names of the files written.
pub fn write(dir: &Path) -> Result<Vec<String>, FilesError> {
    let io_err = |p: &Path| {
        let p = p.display().to_string();
        move |e| FilesError::Io(p, e)
    };
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let rendered = render()?;
    for name in leftovers(dir, &rendered)? {
        let path = dir.join(name);
        fs::remove_file(&path).map_err(io_err(&path))?;
    }
    let mut written = Vec::new();
    for (name, yaml) in rendered {
        let path = dir.join(&name);
        fs::write(&path, yaml).map_err(io_err(&path))?;
        written.push(name);
    }
    Ok(written)
}

/// YAML files in `dir` that are not among `rendered` (a kind was removed or renamed).
fn leftovers(dir: &Path, rendered: &[(String, String)]) -> Result<Vec<String>, FilesError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(FilesError::Io(dir.display().to_string(), e)),
    };
    let mut extra = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| FilesError::Io(dir.display().to_string(), e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") && !rendered.iter().any(|(n, _)| *n == name) {
            extra.push(name);
        }
    }
    extra.sort();
    Ok(extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty directory under the system temp dir.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("oxbow-crdgen-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn write_then_check_reports_nothing_stale() {
        let dir = scratch("fresh");
        assert_eq!(stale(&dir).unwrap().len(), render().unwrap().len());
        let written = write(&dir).unwrap();
        assert!(written.contains(&"source.toolkit.fluxcd.io_gitrepositories.yaml".to_owned()));
        assert!(stale(&dir).unwrap().is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn check_lists_edited_and_leftover_files_and_write_removes_leftovers() {
        let dir = scratch("edited");
        write(&dir).unwrap();
        let edited = "source.toolkit.fluxcd.io_buckets.yaml";
        fs::write(dir.join(edited), "---\n").unwrap();
        fs::write(dir.join("old.example.com_things.yaml"), "---\n").unwrap();
        fs::write(dir.join("README.md"), "not a CRD").unwrap();
        assert_eq!(
            stale(&dir).unwrap(),
            vec!["old.example.com_things.yaml", edited]
        );
        write(&dir).unwrap();
        assert!(stale(&dir).unwrap().is_empty());
        assert!(dir.join("README.md").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rendered_crds_contain_no_helm_template_actions() {
        for (name, yaml) in render().unwrap() {
            assert!(!yaml.contains("{{"), "{name}");
            assert!(
                yaml.starts_with("---\napiVersion: apiextensions.k8s.io/v1\n"),
                "{name}"
            );
        }
    }
}
