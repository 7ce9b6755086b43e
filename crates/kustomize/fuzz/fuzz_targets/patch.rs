//! Applies the second half of the input as a strategic merge patch and as a
//! JSON 6902 patch to the first half; errors are fine, panics are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_kustomize::patch::{json6902, smp};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (target, patch) = text.split_once("\n---\n").unwrap_or((text, ""));
    let Ok(target) = serde_yaml::from_str::<serde_yaml::Value>(target) else {
        return;
    };
    if let Ok(p) = serde_yaml::from_str::<serde_yaml::Value>(patch) {
        let _ = smp::merge(&target, &p);
        let _ = smp::merge_with_schema(&target, &p, None, smp::Directives::Kustomize);
    }
    if let Ok(ops) = json6902::parse(patch) {
        let mut doc = target.clone();
        let _ = json6902::apply(&mut doc, &ops);
    }
});
