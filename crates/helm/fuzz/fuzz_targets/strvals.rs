//! `--set` expressions: any input parses or fails cleanly, and list indexes stay
//! bounded. Run: `cargo +nightly fuzz run strvals`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_helm::values::{Values, parse_set, parse_set_string};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut v = Values::new();
    let _ = parse_set(text, &mut v);
    let mut s = Values::new();
    let _ = parse_set_string(text, &mut s);
});
