//! Loading files for a build: kustomization files, resource files (with `List`
//! expansion), and the checks on every path (confinement, load restrictor,
//! remote references, cycles).

use serde_yaml::Value;

use super::{BuildOptions, LoadRestrictor};
use crate::error::BuildError;
use crate::fs::{self, EntryKind, FileSystem, FsError};
use crate::kustomization::{FILE_NAMES, Kustomization};
use crate::resource::Resource;
use crate::yaml;

/// Most kustomization directories (counting repeats) one build may enter.
pub const MAX_KUSTOMIZATION_VISITS: usize = 1_000;

/// State shared by one build.
pub(crate) struct Ctx<'a> {
    pub fs: &'a dyn FileSystem,
    pub opts: &'a BuildOptions,
    /// Kustomization directories being built, outermost first.
    pub stack: Vec<String>,
    /// The directory the build started in.
    pub top: String,
    /// True when `buildMetadata` asks for origins or transformations.
    pub meta: bool,
    /// The OpenAPI schema in force (kustomize keeps the first one set).
    pub schema: Option<std::sync::Arc<crate::patch::schema::Schema>>,
    /// True once any kustomization chose a schema (custom or built-in version).
    pub schema_set: bool,
    /// Kustomization directories entered so far.
    pub visits: usize,
    /// Remote roots being built (repository identity, kustomization root), outermost first.
    pub remotes: Vec<(String, String)>,
    /// Remote resources fetched so far.
    pub remote_loads: usize,
}

/// True for references kustomize would fetch over the network.
pub fn is_remote(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("git@")
        || s.starts_with("git::")
        || s.starts_with("github.com/")
        || s.starts_with("gitlab.com/")
        || s.starts_with("bitbucket.org/")
}

impl Ctx<'_> {
    /// Finds and decodes the kustomization file of `dir`.
    pub fn load_kustomization(&self, dir: &str) -> Result<(Kustomization, String), BuildError> {
        let mut found = None;
        for name in FILE_NAMES {
            let p = fs::join(dir, name)?;
            // A kustomization file that is a symlink out of its directory
            // cannot be loaded under the root-only restriction: kustomize
            // then reports none found.
            let loadable = self.opts.load_restrictor != LoadRestrictor::RootOnly
                || self.really_within(&p, dir)?;
            if loadable && self.fs.kind(&p)? == Some(EntryKind::File) {
                if found.is_some() {
                    return Err(BuildError::MultipleKustomizations(if dir.is_empty() {
                        ".".into()
                    } else {
                        dir.to_string()
                    }));
                }
                found = Some(p);
            }
        }
        let Some(path) = found else {
            return Err(BuildError::MissingKustomization(dir.to_string()));
        };
        let text = self.read_text(&path)?;
        let k = Kustomization::parse(&text, &path)?;
        if !matches!(
            k.kind.as_deref(),
            None | Some("" | "Kustomization" | "Component")
        ) {
            return Err(BuildError::config(format!(
                "failed to read kustomization file {path}: kind should be Kustomization or Component"
            )));
        }
        if k.helm_charts.is_some() || k.helm_chart_inflation_generator.is_some() {
            return Err(BuildError::Helm(path));
        }
        if k.validators.as_ref().is_some_and(|v| !v.is_empty()) {
            return Err(BuildError::config(format!(
                "validators in '{path}' are plugins, which are disabled"
            )));
        }
        let name = path.rsplit('/').next().unwrap_or("").to_string();
        Ok((k, name))
    }

    /// Applies a kustomization's `openapi:` field; `reset` for the top one.
    pub fn set_schema(
        &mut self,
        dir: &str,
        k: &Kustomization,
        reset: bool,
    ) -> Result<(), BuildError> {
        if self.schema_set && !reset {
            return Ok(());
        }
        let Some(openapi) = &k.openapi else {
            return Ok(());
        };
        let path = yaml::str_at(openapi, &["path"]);
        let version = yaml::str_at(openapi, &["version"]);
        if let Some(p) = path {
            if version.is_some() {
                return Err(BuildError::config(
                    "builtin version and custom schema provided, cannot use both",
                ));
            }
            let (text, _) = self.load_file(dir, p)?;
            self.schema = Some(std::sync::Arc::new(crate::patch::schema::Schema::parse(
                &text,
            )?));
            self.schema_set = true;
        } else if let Some(v) = version.filter(|v| !v.is_empty()) {
            if v != BUILTIN_OPENAPI_VERSION {
                return Err(BuildError::config(format!(
                    "the specified OpenAPI version is not built in: {v}"
                )));
            }
            self.schema = None;
            self.schema_set = true;
        }
        Ok(())
    }

    /// The path of a file relative to the built directory, as origins show it.
    pub fn origin_path(&self, path: &str) -> String {
        crate::origin::relative(&self.top, path)
    }

    /// Reads a whole file as UTF-8 text.
    pub fn read_text(&self, path: &str) -> Result<String, BuildError> {
        let bytes = self.fs.read(path)?;
        String::from_utf8(bytes).map_err(|_| BuildError::Resource {
            path: path.to_string(),
            message: "file is not valid utf-8".into(),
        })
    }

    /// Resolves `rel` from kustomization directory `dir` for a file load,
    /// applying the load restrictor.
    pub fn file_path(&self, dir: &str, rel: &str) -> Result<String, BuildError> {
        if is_remote(rel) {
            return Err(match self.opts.remote {
                None => BuildError::Remote(rel.to_string()),
                Some(_) => BuildError::RemoteFile(rel.to_string()),
            });
        }
        let path = fs::join(dir, rel)?;
        if self.opts.load_restrictor == LoadRestrictor::RootOnly
            && (!fs::is_within(&path, dir) || !self.really_within(&path, dir)?)
        {
            return Err(BuildError::Restricted {
                path,
                root: dir.to_string(),
            });
        }
        Ok(path)
    }

    /// False when `path`, its symlinks resolved as kustomize resolves them,
    /// lies outside the real directory `dir`.
    fn really_within(&self, path: &str, dir: &str) -> Result<bool, BuildError> {
        Ok(match (self.fs.real_path(path)?, self.fs.real_path(dir)?) {
            (Some(real), Some(real_dir)) => fs::is_within(&real, &real_dir),
            _ => true,
        })
    }

    /// Reads a file named relative to a kustomization directory.
    pub fn load_file(&self, dir: &str, rel: &str) -> Result<(String, String), BuildError> {
        let path = self.file_path(dir, rel)?;
        match self.fs.kind(&path)? {
            Some(EntryKind::File) => Ok((self.read_text(&path)?, path)),
            Some(EntryKind::Dir) => Err(BuildError::Resource {
                path,
                message: "is a directory".into(),
            }),
            None => Err(FsError::NotFound(path).into()),
        }
    }

    /// Checks that entering `candidate` does not revisit a directory being built.
    pub fn check_cycle(&mut self, candidate: &str) -> Result<(), BuildError> {
        // Diamonds may include a base many times; bound the total so a
        // crafted tree cannot grow the build exponentially.
        self.visits += 1;
        if self.visits > MAX_KUSTOMIZATION_VISITS {
            return Err(BuildError::config(format!(
                "more than {MAX_KUSTOMIZATION_VISITS} kustomization directories visited (at '{candidate}')"
            )));
        }
        for visited in &self.stack {
            if fs::is_within(visited, candidate) {
                return Err(BuildError::Cycle {
                    candidate: candidate.to_string(),
                    visited: visited.clone(),
                });
            }
        }
        Ok(())
    }
}

/// The only Kubernetes schema version kustomize v5.5 carries.
const BUILTIN_OPENAPI_VERSION: &str = "v1.21.2";

/// Parses resource documents, expanding `List` kinds into their items.
pub(crate) fn resources_from_text(text: &str, path: &str) -> Result<Vec<Resource>, BuildError> {
    let mut out = Vec::new();
    for doc in yaml::parse_stream(text, path)? {
        push_doc(doc, path, &mut out)?;
    }
    Ok(out)
}

fn push_doc(doc: Value, path: &str, out: &mut Vec<Resource>) -> Result<(), BuildError> {
    let bad = |message: &str| BuildError::Resource {
        path: path.to_string(),
        message: message.to_string(),
    };
    if !doc.is_mapping() {
        return Err(bad("document is not a mapping"));
    }
    let kind = yaml::str_at(&doc, &["kind"]).unwrap_or("");
    if kind.ends_with("List")
        && let Some(items) = yaml::get(&doc, "items").and_then(Value::as_sequence)
    {
        for item in items.clone() {
            push_doc(item, path, out)?;
        }
        return Ok(());
    }
    if kind.is_empty() {
        return Err(bad("missing kind"));
    }
    if yaml::get_path(&doc, &["metadata", "name"])
        .and_then(yaml::scalar_string)
        .is_none_or(|n| n.is_empty())
    {
        return Err(bad("missing metadata.name"));
    }
    out.push(Resource::from_input(doc));
    Ok(())
}
