//! 团员报到 — the workflow of the university League committee's guide, client-side.
//!
//! `core` is pure and tested natively; the browser shell (`store`, `app`, `pages`, `widgets`) is
//! compiled for wasm32 only. See ARCHITECTURE.md.

pub mod core;
pub mod route;
