//! Key/value sources of generators: env files, literals and files, in that
//! order, with kustomize's parsing rules.

use crate::build::Ctx;
use crate::error::BuildError;
use crate::kustomization::GeneratorArgs;

/// Loads all key/value pairs for a generator; duplicate keys are errors.
pub(crate) fn load_pairs(
    ctx: &Ctx<'_>,
    dir: &str,
    args: &GeneratorArgs,
) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut envs: Vec<&String> = args.envs.iter().flatten().collect();
    if let Some(e) = &args.env {
        envs.push(e);
    }
    for env in envs {
        let (text, _) = ctx.load_file(dir, env)?;
        for (i, line) in text.lines().enumerate() {
            let line = if i == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            // kustomize validates no names here; a line without `=` would
            // read the process environment there, which a controller must not
            // leak: its value is empty.
            out.push((k.to_string(), v.as_bytes().to_vec()));
        }
    }
    for lit in args.literals.iter().flatten() {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(BuildError::config(format!(
                "invalid literal source {lit}, expected key=value"
            )));
        };
        out.push((k.to_string(), remove_quotes(v).as_bytes().to_vec()));
    }
    for src in args.files.iter().flatten() {
        let (key, rel) = match src.split_once('=') {
            Some((k, p)) => {
                if k.is_empty() || p.is_empty() {
                    return Err(BuildError::config(format!("invalid file source '{src}'")));
                }
                (k.to_string(), p)
            }
            None => (
                src.rsplit('/').next().unwrap_or(src).to_string(),
                src.as_str(),
            ),
        };
        let path = ctx.file_path(dir, rel)?;
        let bytes = ctx.fs.read(&path)?;
        out.push((key, bytes));
    }
    let mut seen = std::collections::HashSet::new();
    for (k, _) in &out {
        if !seen.insert(k.clone()) {
            let name = args.name.clone().unwrap_or_default();
            return Err(BuildError::config(format!(
                "generator '{name}' has an illegal duplicate key '{k}'"
            )));
        }
    }
    Ok(out)
}

fn remove_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}
