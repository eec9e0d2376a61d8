//! The full build: every page, for secretaries, committees and the rarely used member pages. The
//! loader in index.html starts it instead of the member's build for those pages (ARCHITECTURE.md,
//! "Two builds"). Natively it does nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    tuan::app::start(tuan::pages::FULL_BUILD);
}
