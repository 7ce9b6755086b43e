//! YAML text → template value → go-yaml text → value must give the same value,
//! and neither step may panic. Run: `cargo +nightly fuzz run goyaml_roundtrip`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_helm::goyaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = goyaml::from_yaml(text) else {
        return;
    };
    let yaml = goyaml::marshal(&value).expect("parsed values always serialise");
    let again = goyaml::from_yaml(&yaml).expect("our own output parses");
    assert_eq!(
        value, again,
        "round trip changed the value; emitted:\n{yaml}"
    );
    let _ = goyaml::to_yaml_pretty(&value);
    let _ = goyaml::to_json(&value);
});
