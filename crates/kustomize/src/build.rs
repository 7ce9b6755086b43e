//! The build: loads a kustomization tree (resources, bases, components,
//! generators, transformers) into an accumulator, then finishes it the way
//! `kustomize build` does (hash suffixes, name references, vars, ordering).

mod accumulate;
mod finish;
mod load;
mod remote;

use serde_yaml::Value;

use crate::config::TransformerConfig;
use crate::error::BuildError;
use crate::fs::FileSystem;
use crate::resid::ResId;
use crate::resource::Resource;
use std::collections::HashSet;

pub(crate) use load::Ctx;
pub use load::is_remote;

/// Whether files may be loaded from outside a kustomization's directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadRestrictor {
    /// Files must be in or below the kustomization directory (kubectl's default).
    #[default]
    RootOnly,
    /// Any file inside the build root may be loaded.
    None,
}

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// File load restriction.
    pub load_restrictor: LoadRestrictor,
    /// Strategic merge directives: Kustomize v5.5.0's behaviour (default)
    /// or the API server's full semantics.
    pub smp_directives: crate::patch::smp::Directives,
    /// Fetches remote resources; `None` (the default) refuses every remote.
    pub remote: Option<std::sync::Arc<dyn crate::remote::RemoteLoader>>,
}

/// Everything accumulated so far: resources, transformer config and vars.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    /// The resources, in input order.
    pub resources: Vec<Resource>,
    /// Field specs in force.
    pub config: TransformerConfig,
    /// Legacy `vars`.
    pub vars: Vec<Value>,
}

impl Accumulator {
    fn new() -> Self {
        Accumulator {
            resources: Vec::new(),
            config: TransformerConfig::default(),
            vars: Vec::new(),
        }
    }

    /// Appends resources, refusing ids that already exist.
    pub fn append_all(&mut self, items: Vec<Resource>) -> Result<(), BuildError> {
        let key = |id: &ResId| {
            (
                id.gvk.clone(),
                id.name.clone(),
                id.effective_namespace().to_string(),
            )
        };
        let mut seen: HashSet<_> = self.resources.iter().map(|r| key(&r.cur_id())).collect();
        for r in items {
            let id = r.cur_id();
            if !seen.insert(key(&id)) {
                return Err(BuildError::Conflict(id.to_string()));
            }
            self.resources.push(r);
        }
        Ok(())
    }

    /// Merges another accumulator (a sub-kustomization) into this one.
    pub fn merge(&mut self, other: Accumulator) -> Result<(), BuildError> {
        self.config.merge(&other.config);
        for v in other.vars {
            self.add_var(v)?;
        }
        self.append_all(other.resources)
    }

    fn add_var(&mut self, v: Value) -> Result<(), BuildError> {
        let name = crate::yaml::get(&v, "name").cloned();
        if self
            .vars
            .iter()
            .any(|e| crate::yaml::get(e, "name").cloned() == name)
        {
            let shown = name.as_ref().and_then(Value::as_str).unwrap_or("");
            return Err(BuildError::config(format!(
                "var '{shown}' already encountered"
            )));
        }
        self.vars.push(v);
        Ok(())
    }
}

/// Builds the kustomization in directory `path` (root-relative) and returns
/// the output documents in kustomize's order.
pub fn build(
    fs: &dyn FileSystem,
    path: &str,
    opts: &BuildOptions,
) -> Result<Vec<Value>, BuildError> {
    let dir = crate::fs::join("", path)?;
    let mut ctx = load::Ctx {
        fs,
        opts,
        stack: Vec::new(),
        top: dir.clone(),
        meta: false,
        schema: None,
        schema_set: false,
        visits: 0,
        remotes: Vec::new(),
        remote_loads: 0,
    };
    let (kust, file) = ctx.load_kustomization(&dir)?;
    ctx.set_schema(&dir, &kust, true)?;
    ctx.meta = kust.build_metadata.as_ref().is_some_and(|m| !m.is_empty());
    ctx.stack.push(dir.clone());
    let mut ra = Accumulator::new();
    accumulate::accumulate_target(&mut ctx, &dir, &file, &kust, &mut ra)?;
    finish::finish(&mut ctx, &dir, &kust, ra)
}
