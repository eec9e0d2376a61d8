//! A layer over the whole screen (the QR code shown in person, the camera while scanning): a
//! `<dialog>` shown modal, so the page behind it is out of reach of Tab and a screen reader.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Shows the layer `dialog` over the whole screen: the page behind it is inert and focus moves into
/// it (back where it was when it closes). Escape closes it: an owner that keeps state of its own
/// follows the `close` event.
/// Where the browser has no modal dialogs (iOS before 15.4), it is shown over the page all the same.
pub fn open(dialog: NodeRef<Dialog>) {
    if let Some(d) = dialog.try_get_untracked().flatten() {
        if !d.has_attribute("open") && d.show_modal().is_err() {
            let _ = d.set_attribute("open", "");
        }
    }
}

/// Closes the layer `dialog` (its `close` event follows where the browser has modal dialogs). Both
/// do nothing once the page that held it is gone.
pub fn close(dialog: NodeRef<Dialog>) {
    if let Some(d) = dialog.try_get_untracked().flatten() {
        if d.is_instance_of::<web_sys::HtmlDialogElement>() {
            d.close();
        } else {
            let _ = d.remove_attribute("open");
        }
    }
}
