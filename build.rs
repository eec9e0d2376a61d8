//! Writes the names the loader and the app share (`loader/names.js`, the one place they are
//! written) into Rust constants for `src/names.rs`: `name: 'text',` becomes `pub const NAME: &str`,
//! `name: ['a', 'b'],` a `pub const NAME: [&str; 2]` (`fullSections` → `FULL_SECTIONS`).

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=loader/names.js");
    let js = std::fs::read_to_string("loader/names.js").expect("loader/names.js");
    let mut out = String::from("// Written by build.rs from loader/names.js.\n");
    for line in js.lines().map(str::trim) {
        let Some((name, value)) = line.split_once(": ") else { continue };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let constant: String =
            name.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c] } else { vec![c.to_ascii_uppercase()] }).collect();
        let value = value.trim_end_matches(',');
        let texts: Vec<&str> = value.trim_matches(|c| c == '[' || c == ']').split(", ").map(|t| t.trim_matches('\'')).collect();
        if value.starts_with('[') {
            let items: Vec<String> = texts.iter().map(|t| format!("{t:?}")).collect();
            writeln!(out, "pub const {constant}: [&str; {}] = [{}];", items.len(), items.join(", ")).unwrap();
        } else if value.starts_with('\'') {
            writeln!(out, "pub const {constant}: &str = {:?};", texts[0]).unwrap();
        }
    }
    let dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(format!("{dir}/names.rs"), out).unwrap();
}
