//! Shared widgets in WeUI's look: the frame, cells, buttons, form fields, the error bar.

pub mod download;
pub mod export;
pub mod form;
pub mod layer;
pub mod layout;
pub mod paste;
pub mod qr;
pub mod region;
pub mod scanner;
