//! Chart archives: any bytes load or fail cleanly, within the size limits.
//! Run: `cargo +nightly fuzz run chart_archive`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxbow_helm::loader::load_archive;

fuzz_target!(|data: &[u8]| {
    let _ = load_archive(data);
});
