//! Oxbow's kustomize-controller.

fn main() {}
