//! Persistence under `--data-dir`: the whole store as a JSON-lines snapshot, written
//! atomically after changes and on shutdown, loaded at start. resourceVersions keep
//! increasing across restarts because the counter is saved too.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Store;
use crate::registry::GroupResource;

/// Why the snapshot could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// Filesystem failure.
    #[error("failed to access '{path}'")]
    Io {
        /// The file.
        path: PathBuf,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of the snapshot is not valid JSON.
    #[error("corrupt snapshot '{path}' at line {line}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
    },
}

fn snapshot_path(dir: &Path) -> PathBuf {
    dir.join("store.jsonl")
}

/// Loads a snapshot if there is one.
pub fn load(store: &Store, dir: &Path) -> Result<(), PersistError> {
    let path = snapshot_path(dir);
    let io = |source| PersistError::Io {
        path: path.clone(),
        source,
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    let mut state = store.lock();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        let v: Value = serde_json::from_str(&line).map_err(|_| PersistError::Corrupt {
            path: path.clone(),
            line: i + 1,
        })?;
        if let Some(rv) = v.get("resourceVersion").and_then(Value::as_u64) {
            state.restore_resource_version(rv);
            continue;
        }
        let group = v.get("group").and_then(Value::as_str).unwrap_or_default();
        let resource = v
            .get("resource")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(obj) = v.get("object").cloned() else {
            continue;
        };
        let rv = super::meta_str(&obj, "resourceVersion")
            .parse()
            .unwrap_or(0);
        if group == "apiextensions.k8s.io"
            && resource == "customresourcedefinitions"
            && let Some(info) = crate::registry::crd::resource_info(&obj)
        {
            state.registry.insert(info);
        }
        state.restore(GroupResource::new(group, resource), obj, rv);
    }
    state.take_dirty();
    Ok(())
}

/// Writes a snapshot if anything changed since the last one (or `force`).
pub fn save(store: &Store, dir: &Path, force: bool) -> Result<(), PersistError> {
    let mut lines = Vec::new();
    {
        let mut state = store.lock();
        if !state.take_dirty() && !force {
            return Ok(());
        }
        lines.push(
            json!({"resourceVersion": state.resource_version()})
                .to_string()
                .into_bytes(),
        );
        for (gr, _, obj) in state.all_objects() {
            // The stored bytes are spliced in: no decoding for a snapshot.
            let head = json!({"group": gr.group, "resource": gr.resource}).to_string();
            let mut line = head.into_bytes();
            line.pop();
            line.extend_from_slice(b",\"object\":");
            line.extend_from_slice(obj.json());
            line.push(b'}');
            lines.push(line);
        }
    }
    let path = snapshot_path(dir);
    let tmp = dir.join("store.jsonl.tmp");
    let io = |source| PersistError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    for line in &lines {
        file.write_all(line).map_err(io)?;
        file.write_all(b"\n").map_err(io)?;
    }
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(())
}
