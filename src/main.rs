//! The member's build, the first load: `trunk build` compiles this to wasm. It renders the pages a
//! freshman needs and loads the full build (`src/bin/full.rs`) for any other. Natively it does
//! nothing, so that `cargo test` can build the whole package.

fn main() {
    #[cfg(target_arch = "wasm32")]
    tuan::app::start(tuan::pages::MEMBER_BUILD);
}
