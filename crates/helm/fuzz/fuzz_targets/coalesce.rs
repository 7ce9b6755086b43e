//! Values coalescing: chart defaults and user values from arbitrary YAML, with a
//! subchart, coalesce without panicking; coalescing is idempotent.
//! Run: `cargo +nightly fuzz run coalesce`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_helm::chart::File;
use oxbow_helm::loader;
use oxbow_helm::values::{coalesce_values, parse_values};

fuzz_target!(|data: &[u8]| {
    let (defaults, user) = data.split_at(data.len() / 2);
    let files = vec![
        File {
            name: "Chart.yaml".into(),
            data: b"apiVersion: v2\nname: top\nversion: 1.0.0\n".to_vec(),
        },
        File {
            name: "values.yaml".into(),
            data: defaults.to_vec(),
        },
        File {
            name: "charts/sub/Chart.yaml".into(),
            data: b"apiVersion: v2\nname: sub\nversion: 1.0.0\n".to_vec(),
        },
        File {
            name: "charts/sub/values.yaml".into(),
            data: defaults.to_vec(),
        },
    ];
    let Ok(chart) = loader::load_files(files) else {
        return;
    };
    let Ok(user) = parse_values(user) else {
        return;
    };
    if let Ok(once) = coalesce_values(&chart, &user) {
        let twice = coalesce_values(&chart, &once).expect("coalesced values coalesce again");
        assert_eq!(once, twice, "coalescing is not idempotent");
    }
});
