//! Every input the fuzz target ever failed on (`fuzz/regressions/`, kept by `scripts/fuzz.sh`),
//! run again through the same function, plus a few made by hand.

use tuan::core::sync::attack::fuzz_one;

#[test]
fn every_kept_fuzz_case_passes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            fuzz_one(&std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    // Hand-made: nothing, one byte, a change of each tag on the first few files.
    fuzz_one(&[]);
    for which in 0..6u8 {
        for tag in 0..11u8 {
            let mut data = vec![which, tag];
            data.extend_from_slice(&[which; 16]);
            fuzz_one(&data);
        }
    }
    println!("{n} kept cases");
}
