//! 团员报到 — the workflow of the university League committee's guide, client-side.
//!
//! `core` and `route` are pure and tested natively; the browser shell (`store`, `app`, `nav`,
//! `pages`, `widgets`) is compiled for wasm32 only. See ARCHITECTURE.md.

pub mod core;
pub mod names;
pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod nav;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod widgets;

/// The allocator of both builds: Talc instead of the standard library's dlmalloc, −1 KB gzip of the
/// first load (ARCHITECTURE.md, "Smaller wasm"); the browser benchmark's figures did not change
/// beyond their noise. Its cell is for a single thread: the builds have no threads (no `atomics`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
