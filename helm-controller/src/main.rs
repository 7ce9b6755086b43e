//! Oxbow's helm-controller.

fn main() {}
