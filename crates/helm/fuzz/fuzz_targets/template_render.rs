//! Any template source, parsed and rendered as a chart template against fixed
//! values: errors are fine, panics, hangs and unbounded memory are not.
//! Run: `cargo +nightly fuzz run template_render`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_helm::chart::File;
use oxbow_helm::values::{Values, parse_values};
use oxbow_helm::{RenderOptions, loader, render_templates};

fuzz_target!(|data: &[u8]| {
    let files = vec![
        File {
            name: "Chart.yaml".into(),
            data: b"apiVersion: v2\nname: f\nversion: 1.0.0\n".to_vec(),
        },
        File {
            name: "values.yaml".into(),
            data: b"a: {b: [1, x]}\nn: 1.5\n".to_vec(),
        },
        File {
            name: "templates/_h.tpl".into(),
            data: b"{{ define \"h\" }}{{ . }}{{ end }}".to_vec(),
        },
        File {
            name: "templates/t.yaml".into(),
            data: data.to_vec(),
        },
    ];
    let Ok(chart) = loader::load_files(files) else {
        return;
    };
    let values: Values = parse_values(b"user: 1").unwrap_or_default();
    let _ = render_templates(chart, &values, &RenderOptions::default());
});
