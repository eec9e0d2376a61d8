//! An error as a form holds it: a refusal of the core, kept as its type until the page shows it
//! (the words come from the error itself, in `error.rs`). A sync file's refusals (`SyncError`) stay
//! apart, on the import pages of the full build: held here they would link all their words into the
//! member's build (docs/performance.md).

use crate::core::commands::Refusal;
use crate::core::error::CoreError;
use crate::core::profile::FieldError;

/// What a form's error bar lists.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error("{0}")]
    Core(#[from] CoreError),
    /// A command's refusal: one error, or every wrong field of a form.
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Field(#[from] FieldError),
}
