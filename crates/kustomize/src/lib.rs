//! A pure-Rust `kustomize build`: reads a kustomization tree through a root-confined
//! filesystem and produces the same resources as Kustomize v5.5.0.
