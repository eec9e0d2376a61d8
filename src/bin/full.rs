//! The full build: every page, for secretaries, committees and the rarely used member pages. The
//! loader in index.html starts it instead of the member's build for those pages (ARCHITECTURE.md,
//! "Two builds"), and loads it on the error screen for its reader of the saved data. Natively it does nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // Loaded by the error screen for `rescue_copy` alone: the app is not started.
        let document = web_sys::window().and_then(|w| w.document());
        let on_error_screen = document.as_ref().is_some_and(|d| d.get_element_by_id("fatal").is_some());
        if !on_error_screen {
            // Its own pages' styles, after the first load's inlined stylesheet (not in the first load).
            if let Some(d) = document {
                if let (Ok(style), Ok(Some(head))) = (d.create_element("style"), d.query_selector("head")) {
                    style.set_text_content(Some(include_str!("../../style/full.css")));
                    let _ = head.append_child(&style);
                }
            }
            tuan::app::start(tuan::pages::FULL_BUILD);
        }
    }
}

/// The error screen's copy of this phone's data: the saved document's JSON with the journal's later changes, without secrets,
/// in the form 恢复备份数据 reads. `journal` is empty when there is none; the copy is empty when the stored text cannot be read.
/// Only the full build has it: the member's first load would carry it for nothing but a crash, and the error screen loads this build then.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = rescueCopy)]
pub fn rescue_copy(document: &str, journal: &str) -> String {
    tuan::core::document::rescue_copy(document, Some(journal).filter(|j| !j.is_empty())).unwrap_or_default()
}
