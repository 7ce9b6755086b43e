//! Builds an in-memory tree made from the input: the first YAML document is
//! the kustomization, the rest go to `resources.yaml` and `patch.yaml`. The
//! build may fail, but must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_kustomize::{BuildOptions, MemoryFs, build_yaml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, "\n---\n");
    let kustomization = parts.next().unwrap_or("");
    let resources = parts.next().unwrap_or("");
    let patch = parts.next().unwrap_or("");
    let fs = MemoryFs::new()
        .with("kustomization.yaml", kustomization)
        .with("resources.yaml", resources)
        .with("patch.yaml", patch)
        .with(
            "base/kustomization.yaml",
            "resources:\n- ../resources.yaml\n",
        );
    let _ = build_yaml(&fs, "", &BuildOptions::default());
});
