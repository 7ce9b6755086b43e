//! The fast YAML reader and the yaml-rust2 path must read every text alike:
//! the same values or the same error. Run: `cargo +nightly fuzz run yaml_fast_reader`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_helm::goyaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(
        goyaml::from_yaml_documents(text),
        goyaml::from_yaml_documents_reference(text),
        "{text:?}"
    );
});
