//! Files out of the browser where that works: downloads (blocked or mangled inside WeChat, so every
//! caller also offers a copy box), and the lazily loaded .xlsx writer.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The .xlsx writer, copied into `dist/` by Trunk and loaded on first use only.
const XLSX_WRITER: &str = "xlsx-1.js";

/// True inside WeChat's built-in browser, where downloads do not work.
pub fn in_wechat() -> bool {
    web_sys::window().and_then(|w| w.navigator().user_agent().ok()).is_some_and(|ua| ua.contains("MicroMessenger"))
}

/// Offers `bytes` as a file named `filename`.
pub fn download_bytes(bytes: &[u8], filename: &str, mime: &str) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let a: web_sys::HtmlElement = document.create_element("a")?.unchecked_into();
    a.set_attribute("href", &url)?;
    a.set_attribute("download", filename)?;
    document.body().ok_or(JsValue::NULL)?.append_child(&a)?;
    a.click();
    a.remove();
    // The click has started the download; the URL can go once the event loop has moved on.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window().ok_or(JsValue::NULL)?.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    Ok(())
}

/// Loads a classic script of `dist/` once; resolves when it has run.
pub async fn load_script(src: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let document = window.document().ok_or(JsValue::NULL)?;
    if document.query_selector(&format!("script[src=\"{src}\"]"))?.is_some() {
        return Ok(());
    }
    let script: web_sys::HtmlElement = document.create_element("script")?.unchecked_into();
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    script.set_attribute("src", src)?;
    document.head().ok_or(JsValue::NULL)?.append_child(&script)?;
    if let Err(e) = JsFuture::from(loaded).await {
        script.remove();
        return Err(e);
    }
    Ok(())
}

/// The bytes of an .xlsx file for a table given as the core's `Table::to_json`.
pub async fn xlsx_bytes(table_json: &str) -> Result<Vec<u8>, JsValue> {
    load_script(XLSX_WRITER).await?;
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let writer: js_sys::Function = js_sys::Reflect::get(&window, &"tuanXlsx".into())?.dyn_into()?;
    let bytes: js_sys::Uint8Array = writer.call1(&JsValue::NULL, &table_json.into())?.dyn_into()?;
    Ok(bytes.to_vec())
}
