//! Which files of a source tree go into an artifact: Flux's exclusion rules in
//! gitignore syntax. The VCS files are always excluded; the default list applies
//! unless the spec gives its own rules; `.sourceignore` files in any directory
//! come next, and the spec's rules last, so each may overrule the ones before.

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::ArtifactError;

/// The ignore file a repository may carry in any directory.
pub const SOURCE_IGNORE_FILE: &str = ".sourceignore";

/// Version-control files, excluded from every artifact.
pub const VCS_EXCLUSIONS: &[&str] = &[".git/", ".gitignore", ".gitmodules", ".gitattributes"];

/// Flux's default exclusions: media and archives, CI and CLI configs, Flux v1 config.
pub const DEFAULT_EXCLUSIONS: &[&str] = &[
    "*.jpg",
    "*.jpeg",
    "*.gif",
    "*.png",
    "*.wmv",
    "*.flv",
    "*.tar.gz",
    "*.zip",
    ".github/",
    ".circleci/",
    ".travis.yml",
    ".gitlab-ci.yml",
    "appveyor.yml",
    ".drone.yml",
    "cloudbuild.yaml",
    "codeship-services.yml",
    "codeship-steps.yml",
    "**/.goreleaser.yml",
    "**/.sops.yaml",
    "**/.flux.yaml",
];

/// The exclusion rules for one source tree.
#[derive(Debug)]
pub struct Filter {
    root: PathBuf,
    base: Gitignore,
    /// `.sourceignore` matchers keyed by the directory they live in, shallow first.
    nested: Vec<(PathBuf, Gitignore)>,
    spec: Option<Gitignore>,
}

impl Filter {
    /// Rules for the tree at `root`: the VCS exclusions, the default list unless
    /// `spec_ignore` is given, every `.sourceignore` under `root`, then `spec_ignore`.
    pub fn load(root: &Path, spec_ignore: Option<&str>) -> Result<Self, ArtifactError> {
        let mut base = GitignoreBuilder::new(root);
        let defaults = spec_ignore.is_none().then_some(DEFAULT_EXCLUSIONS);
        for line in VCS_EXCLUSIONS.iter().chain(defaults.into_iter().flatten()) {
            base.add_line(None, line).map_err(ArtifactError::Ignore)?;
        }
        let base = base.build().map_err(ArtifactError::Ignore)?;
        let spec = match spec_ignore {
            Some(text) => Some(rules(root, text)?),
            None => None,
        };
        let mut filter = Self {
            root: root.to_owned(),
            base,
            nested: Vec::new(),
            spec,
        };
        filter.load_nested(root)?;
        Ok(filter)
    }

    /// Rules from `text` only (no defaults, no files), rooted at `root`.
    pub fn from_rules(root: &Path, text: &str) -> Result<Self, ArtifactError> {
        Ok(Self {
            root: root.to_owned(),
            base: Gitignore::empty(),
            nested: Vec::new(),
            spec: Some(rules(root, text)?),
        })
    }

    fn load_nested(&mut self, dir: &Path) -> Result<(), ArtifactError> {
        let file = dir.join(SOURCE_IGNORE_FILE);
        if file.is_file() {
            let text = std::fs::read_to_string(&file).map_err(ArtifactError::io("read", &file))?;
            self.nested.push((dir.to_owned(), rules(dir, &text)?));
        }
        let mut subdirs = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(ArtifactError::io("read", dir))? {
            let entry = entry.map_err(ArtifactError::io("read", dir))?;
            let kind = entry
                .file_type()
                .map_err(ArtifactError::io("stat", entry.path()))?;
            if kind.is_dir() && !self.is_ignored(&entry.path(), true) {
                subdirs.push(entry.path());
            }
        }
        subdirs.sort();
        for sub in subdirs {
            self.load_nested(&sub)?;
        }
        Ok(())
    }

    /// Whether `path` (absolute, under the root) is excluded; later rules win.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        if path == self.root {
            return false;
        }
        let mut ignored = self.base.matched(path, is_dir).is_ignore();
        for (dir, matcher) in &self.nested {
            if path.starts_with(dir) && path != dir {
                let m = matcher.matched(path, is_dir);
                if !m.is_none() {
                    ignored = m.is_ignore();
                }
            }
        }
        if let Some(spec) = &self.spec {
            let m = spec.matched(path, is_dir);
            if !m.is_none() {
                ignored = m.is_ignore();
            }
        }
        ignored
    }
}

fn rules(root: &Path, text: &str) -> Result<Gitignore, ArtifactError> {
    let mut builder = GitignoreBuilder::new(root);
    for line in text.lines() {
        builder
            .add_line(None, line)
            .map_err(ArtifactError::Ignore)?;
    }
    builder.build().map_err(ArtifactError::Ignore)
}
