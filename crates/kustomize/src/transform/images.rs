//! `images:`: rewrite container images by name (new name, tag, digest).

use serde_yaml::Value;

use crate::config::{FieldSpec, apply as walk};
use crate::error::BuildError;
use crate::kustomization::ImageSpec;
use crate::resource::Resource;
use crate::yaml;

struct Rewrite<'a> {
    matcher: regex::Regex,
    spec: &'a ImageSpec,
    new_tag: String,
}

pub(super) fn apply(
    resources: &mut [Resource],
    image: &ImageSpec,
    specs: &[FieldSpec],
) -> Result<(), BuildError> {
    let name = image.name.clone().unwrap_or_default();
    let pattern = format!(
        "^{}(:[a-zA-Z0-9_.{{}}-]*)?(@sha256:[a-zA-Z0-9_.{{}}-]*)?$",
        crate::selector::go_literal_braces(&name)
    );
    let Ok(matcher) = regex::Regex::new(&pattern) else {
        return Err(BuildError::config(format!(
            "images: name {name:?} is not a valid regular expression"
        )));
    };
    let new_tag = image
        .new_tag
        .as_ref()
        .and_then(yaml::scalar_string)
        .unwrap_or_default();
    let rw = Rewrite {
        matcher,
        spec: image,
        new_tag,
    };
    for r in resources.iter_mut() {
        if r.kind() != "CustomResourceDefinition" {
            find_containers(&mut r.value, &rw);
        }
        let gvk = r.gvk();
        for spec in specs {
            walk(&mut r.value, &gvk, spec, None, &mut |node| {
                rw.set(node);
                Ok(())
            })?;
        }
    }
    Ok(())
}

fn find_containers(node: &mut Value, rw: &Rewrite<'_>) {
    match node {
        Value::Mapping(m) => {
            for (k, v) in m.iter_mut() {
                find_containers(v, rw);
                if matches!(k.as_str(), Some("containers" | "initContainers"))
                    && let Some(items) = v.as_sequence_mut()
                {
                    for c in items {
                        if let Some(img) = c.as_mapping_mut().and_then(|m| m.get_mut("image")) {
                            rw.set(img);
                        }
                    }
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| find_containers(i, rw)),
        _ => {}
    }
}

impl Rewrite<'_> {
    fn set(&self, node: &mut Value) {
        let Some(value) = node.as_str() else {
            return;
        };
        if !self.matcher.is_match(value) {
            return;
        }
        let (mut name, mut tag, mut digest) = split(value);
        if let Some(n) = self.spec.new_name.as_deref().filter(|n| !n.is_empty()) {
            name = n.to_string();
        }
        let d = self.spec.digest.clone().unwrap_or_default();
        let suffix = self.spec.tag_suffix.clone().unwrap_or_default();
        if !self.new_tag.is_empty() && !d.is_empty() {
            tag = self.new_tag.clone();
            digest = d;
        } else if !self.new_tag.is_empty() {
            tag = self.new_tag.clone();
            digest = String::new();
        } else if !d.is_empty() {
            tag = String::new();
            digest = d;
        } else if !suffix.is_empty() {
            tag.push_str(&suffix);
            digest = String::new();
        }
        if !tag.is_empty() {
            name = format!("{name}:{tag}");
        }
        if !digest.is_empty() {
            name = format!("{name}@{digest}");
        }
        *node = Value::from(name);
    }
}

/// Splits an image reference into name, tag and digest.
pub(crate) fn split(image: &str) -> (String, String, String) {
    let slash = image.find('/').filter(|&i| i > 0).unwrap_or(0);
    let search = &image[slash..];
    let (id, ic) = (search.find('@'), search.find(':'));
    match (id, ic) {
        (None, None) => (image.to_string(), String::new(), String::new()),
        (Some(d), c) if c.is_none_or(|c| d < c) => {
            let d = d + slash;
            (
                image[..d].to_string(),
                String::new(),
                image[d + 1..].to_string(),
            )
        }
        (Some(d), Some(c)) => {
            let (d, c) = (d + slash, c + slash);
            (
                image[..c].to_string(),
                image[c + 1..d].to_string(),
                image[d + 1..].to_string(),
            )
        }
        (None, Some(c)) => {
            let c = c + slash;
            (
                image[..c].to_string(),
                image[c + 1..].to_string(),
                String::new(),
            )
        }
        (Some(_), None) => (image.to_string(), String::new(), String::new()),
    }
}
