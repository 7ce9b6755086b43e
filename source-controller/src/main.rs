//! Oxbow's source-controller.

fn main() {}
