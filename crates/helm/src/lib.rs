//! A pure-Rust Helm: loads charts, coalesces values, renders templates and encodes
//! releases exactly as Helm's Go SDK does.
pub mod funcs;
pub mod goyaml;
pub mod package;
pub mod release;
pub mod repo_index;
pub mod semver_range;

pub mod capabilities;
pub mod chart;
pub mod dependencies;
pub mod engine;
pub mod error;
mod glob;
pub mod loader;
pub mod output;
pub mod render;
pub mod values;
mod yaml_value;

pub use capabilities::Capabilities;
pub use chart::Chart;
pub use engine::{Engine, ReleaseOptions};
pub use error::{Error, Result};
pub use render::{RENDER_THREAD_STACK, RenderOptions, Rendered, render_chart, render_templates};
