//! The importer tried as an attacker would (`tuan::core::sync::attack::fuzz_one`): a real file of
//! the demo school changed record by record, carried through the encoder so its digest is valid,
//! and the raw bytes read as a file; every invariant of `attack::check` must hold and nothing may
//! panic. Run by `scripts/fuzz.sh`, which keeps every crash in `fuzz/regressions/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tuan::core::sync::attack::fuzz_one(data));
