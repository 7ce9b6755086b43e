//! A pure-Rust Helm: loads charts, coalesces values, renders templates and encodes
//! releases exactly as Helm's Go SDK does.
