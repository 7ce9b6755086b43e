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
    /// `apiVersion`, `kind`, `name` and `namespace` of the configuring plugin.
    pub configured_by: Option<[String; 4]>,
}

impl Origin {
    /// Origin of a resource read from a file.
    pub fn file(path: String) -> Self {
        Origin {
            path,
            ..Default::default()
        }
    }

    /// Origin of a builtin generator or transformer.
    pub fn builtin(configured_in: String, kind: &str, name: &str) -> Self {
        Origin::plugin(configured_in, ["builtin", kind, name, ""])
    }

    /// Origin of a generator or transformer configured by a plugin config
    /// (`apiVersion`, `kind`, `name`, `namespace`).
    pub fn plugin(configured_in: String, by: [&str; 4]) -> Self {
        Origin {
            configured_in,
            configured_by: Some(by.map(String::from)),
            ..Default::default()
        }
    }

    /// The fields as `key: value` lines at `indent`, the first without indent.
    fn lines(&self, indent: &str) -> Vec<String> {
        let mut out = Vec::new();
        if !self.path.is_empty() {
            out.push(format!("path: {}", scalar_text(&self.path)));
        }
        if !self.configured_in.is_empty() {
            out.push(format!(
                "configuredIn: {}",
                scalar_text(&self.configured_in)
            ));
        }
        if let Some(by) = &self.configured_by {
            out.push("configuredBy:".into());
            for (key, v) in ["apiVersion", "kind", "name", "namespace"].iter().zip(by) {
                if !v.is_empty() {
                    out.push(format!("  {key}: {}", scalar_text(v)));
                }
            }
        }
        out.iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    l.clone()
                } else {
                    format!("{indent}{l}")
                }
            })
            .collect()
    }

    /// The origin annotation text.
    pub fn to_annotation(&self) -> String {
        self.lines("").iter().map(|l| format!("{l}\n")).collect()
    }
}

/// The transformations annotation text.
pub fn transformations_annotation(list: &[Origin]) -> String {
    list.iter()
        .map(|o| {
            o.lines("  ")
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if i == 0 {
                        format!("- {l}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect::<String>()
        })
        .collect()
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
