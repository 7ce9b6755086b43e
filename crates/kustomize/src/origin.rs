//! Build metadata: where a resource came from (`config.kubernetes.io/origin`)
//! and which transformers touched it (`alpha.config.kubernetes.io/transformations`).

use crate::emit::scalar_text;

/// The origin of a resource or transformer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// File the resource was read from, relative to the built directory.
    pub path: String,
    /// Kustomization file that configured the generator/transformer.
    pub configured_in: String,
    /// `apiVersion`, `kind` and `name` of the configuring plugin.
    pub configured_by: Option<(String, String, String)>,
}

impl Origin {
    /// Origin of a resource read from a file.
    pub fn file(path: String) -> Self {
        Origin { path, ..Default::default() }
    }

    /// Origin of a builtin generator or transformer.
    pub fn builtin(configured_in: String, kind: &str, name: &str) -> Self {
        Origin { configured_in, configured_by: Some(("builtin".into(), kind.into(), name.into())), ..Default::default() }
    }

    /// The fields as `key: value` lines at `indent`, the first without indent.
    fn lines(&self, indent: &str) -> Vec<String> {
        let mut out = Vec::new();
        if !self.path.is_empty() {
            out.push(format!("path: {}", scalar_text(&self.path)));
        }
        if !self.configured_in.is_empty() {
            out.push(format!("configuredIn: {}", scalar_text(&self.configured_in)));
        }
        if let Some((api, kind, name)) = &self.configured_by {
            out.push("configuredBy:".into());
            out.push(format!("  apiVersion: {}", scalar_text(api)));
            out.push(format!("  kind: {}", scalar_text(kind)));
            if !name.is_empty() {
                out.push(format!("  name: {}", scalar_text(name)));
            }
        }
        out.iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { l.clone() } else { format!("{indent}{l}") })
            .collect()
    }

    /// The origin annotation text.
    pub fn to_annotation(&self) -> String {
        self.lines("").iter().map(|l| format!("{l}\n")).collect()
    }
}

/// The transformations annotation text.
pub fn transformations_annotation(list: &[Origin]) -> String {
    list.iter().map(|o| o.lines("  ").iter().enumerate().map(|(i, l)| if i == 0 { format!("- {l}\n") } else { format!("{l}\n") }).collect::<String>()).collect()
}

/// The path of `target` relative to directory `from` (both root-relative).
pub fn relative(from: &str, target: &str) -> String {
    let f: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let t: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; f.len() - common];
    parts.extend(&t[common..]);
    parts.join("/")
}
