//! Oxbow's notification-controller.

fn main() {}
