//! The pure workflow core: model, rules, commands, queries, the saved document and the demo data.
//!
//! Nothing here imports leptos, web-sys, gloo or wasm-bindgen; it compiles and is tested natively.

pub mod auth;
pub mod base64;
#[cfg(not(target_arch = "wasm32"))]
pub mod bench_data;
pub mod clock;
pub mod commands;
pub mod date;
pub mod demo;
pub mod divisions;
pub mod document;
pub mod duplicates;
pub mod entropy;
pub mod error;
pub mod export;
pub mod handover;
pub mod initials;
pub mod limits;
pub mod lists;

pub mod model;
pub mod my_data;
pub mod notices;
pub mod order;
pub mod org_kind;
pub mod profile;
pub mod query;
pub mod reconcile;
pub mod rules;
pub mod stats;
pub mod sync;
pub mod table;
pub mod values;
pub mod view_error;
#[cfg(test)]
mod written_tests;

/// JSON text of a type that derives serde's `Serialize` (every persisted or exchanged type: none of
/// them can fail, their map keys being numbers or text).
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("the model's types are always JSON")
}

pub use commands::{Apply, BranchInvite, BranchRegistration, CodeInvite, Command, Ctx, Outcome, Refusal, ResetProof, VolunteerForm};
pub use error::{CoreError, DocError, SaveError, StorageNotice};
pub use model::*;
