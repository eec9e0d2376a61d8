//! Feeds the importer arbitrary text: decoding and planning must never panic, and a plan never
//! changes the state it was made from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tuan::core::demo::{self, DEMO_EPOCH};
use tuan::core::sync::{decode, import::plan};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(file) = decode(&text, DEMO_EPOCH) {
        let state = demo::build(DEMO_EPOCH);
        let before = state.clone();
        let _ = plan(&state, &file);
        assert_eq!(state, before);
    }
});
