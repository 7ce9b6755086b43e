//! Writes the CustomResourceDefinitions of every Oxbow kind as YAML.

fn main() {}
