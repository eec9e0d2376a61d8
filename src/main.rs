//! The browser entry point: `trunk build` compiles this to wasm. Natively it does nothing, so that
//! `cargo test` can build the whole package.

fn main() {
    #[cfg(target_arch = "wasm32")]
    tuan::app::start();
}
