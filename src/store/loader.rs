//! index.html's loader, reached from Rust through typed imports of its one namespace (`window.tuan`).
//! The one export it calls back, the error screen's copy of the data, is the full build's (`src/bin/full.rs`).

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;

/// index.html defines every one of these before the app starts (it is the only page that loads the app).
#[wasm_bindgen]
extern "C" {
    /// The inflation of the compressed saved document that `<head>` started while the app downloaded, if the stored text is still the one
    /// it read; taken once.
    #[wasm_bindgen(js_namespace = tuan, js_name = takeStored)]
    pub fn take_stored() -> Option<Promise>;

    /// deflate-raw of bytes by the browser (or fflate where it has none); resolves to the bytes, or null.
    #[wasm_bindgen(js_namespace = ["tuan", "zip"])]
    pub fn deflate(bytes: &Uint8Array) -> Promise;

    /// The bytes of deflate-raw bytes; resolves to null when damaged or unsupported, and to false
    /// past `cap` bytes (0: no cap), which it stops at.
    #[wasm_bindgen(js_namespace = ["tuan", "zip"], js_name = inflateBytes)]
    pub fn inflate_bytes(bytes: &Uint8Array, cap: f64) -> Promise;

    /// The error screen (a panic): reload, and this phone's data to copy out (through the full build's `rescueCopy`).
    #[wasm_bindgen(js_namespace = tuan)]
    pub fn fatal(detail: &str);

    /// Tells the loader the app is up: it shows the error screen if this never comes.
    #[wasm_bindgen(js_namespace = tuan)]
    pub fn ready();

    /// A file next to index.html fetched past every cache: a promise of `[text or null, the web
    /// server's HTTP Date in ms or null]` (`browser::fetch_fresh`).
    #[wasm_bindgen(js_namespace = tuan)]
    pub fn fresh(url: &str) -> Promise;
}
