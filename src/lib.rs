//! 团员报到 — the workflow of the university League committee's guide, client-side.
//!
//! `core` and `route` are pure and tested natively; the browser shell (`store`, `app`, `pages`,
//! `widgets`) is compiled for wasm32 only. See ARCHITECTURE.md.

pub mod core;
pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod widgets;
