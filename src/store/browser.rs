//! What the app needs from the browser beyond storage and signing: the clock, WebCrypto's
//! randomness, PBKDF2 and SHA-256, fetching a file, compressing a photo, deflating and inflating
//! text (index.html's, through `loader`), reading a picked file, and the switch to the full build.

use crate::core::auth::{pbkdf2_sha256, PasswordHash, MIN_ITERATIONS, SALT_LEN};
use crate::core::date::Millis;
use crate::core::entropy::Entropy;
use crate::core::error::CoreError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// WebCrypto's `getRandomValues`.
pub struct CryptoEntropy;

impl Entropy for CryptoEntropy {
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        fill_random(&mut b);
        u64::from_le_bytes(b)
    }
}

pub fn fill_random(buf: &mut [u8]) {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let ok = crypto.map(|c| c.get_random_values_with_u8_array(buf).is_ok()).unwrap_or(false);
    if !ok {
        // No WebCrypto at all (very old engines): Math.random is the only source left. The
        // start-up check refuses such engines, so this is a last resort, never the normal path.
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

/// PBKDF2-SHA256 with WebCrypto where it exists (secure contexts), else the core's pure-Rust one.
pub async fn derive_key(password: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    match webcrypto_pbkdf2(password, salt, iterations).await {
        Ok(key) => key,
        Err(_) => pbkdf2_sha256(password, salt, iterations),
    }
}

/// SHA-256 in hex by WebCrypto, many times faster than the core's compiled to wasm (a sync file's
/// 8 MB body); `None` where WebCrypto is missing (an insecure context), and the core hashes it.
pub async fn sha256_hex(text: &str) -> Option<String> {
    let subtle = subtle().ok()?;
    let data = js_sys::Uint8Array::from(text.as_bytes());
    let digest = JsFuture::from(subtle.digest_with_str_and_buffer_source("SHA-256", &data).ok()?).await.ok()?;
    Some(crate::core::auth::hex(&js_sys::Uint8Array::new(&digest).to_vec()))
}

/// WebCrypto, which exists only in secure contexts (https, localhost).
pub fn subtle() -> Result<web_sys::SubtleCrypto, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let crypto = window.crypto()?;
    let subtle_js = js_sys::Reflect::get(&crypto, &"subtle".into())?;
    if subtle_js.is_undefined() || subtle_js.is_null() {
        return Err(JsValue::NULL);
    }
    Ok(subtle_js.unchecked_into())
}

async fn webcrypto_pbkdf2(password: &str, salt: &[u8], iterations: u32) -> Result<[u8; 32], JsValue> {
    let subtle = subtle()?;
    let usages = js_sys::Array::of1(&"deriveBits".into());
    let pw = js_sys::Uint8Array::from(password.as_bytes());
    let key = JsFuture::from(subtle.import_key_with_str("raw", &pw, "PBKDF2", false, &usages)?).await?;
    let salt_arr = js_sys::Uint8Array::from(salt);
    let params = web_sys::Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &salt_arr);
    let bits = JsFuture::from(subtle.derive_bits_with_object(&params, &key.unchecked_into(), 256)?).await?;
    let arr = js_sys::Uint8Array::new(&bits);
    let mut out = [0u8; 32];
    if arr.length() != 32 {
        return Err(JsValue::NULL);
    }
    arr.copy_to(&mut out);
    Ok(out)
}

/// A new stored hash for a password: fresh salt, [`MIN_ITERATIONS`].
pub async fn hash_password(password: &str) -> Result<PasswordHash, CoreError> {
    let mut salt = [0u8; SALT_LEN];
    fill_random(&mut salt);
    let key = derive_key(password, &salt, MIN_ITERATIONS).await;
    PasswordHash::new(&salt, MIN_ITERATIONS, &key)
}

/// Lets the browser draw and take taps before the next piece of a long task (a `setTimeout` of 0).
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// GETs a file next to index.html and returns its text.
pub async fn fetch_text(url: &str) -> Result<String, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await?.unchecked_into();
    if !resp.ok() {
        return Err(JsValue::from(resp.status()));
    }
    JsFuture::from(resp.text()?).await?.as_string().ok_or(JsValue::NULL)
}

/// GETs a file next to index.html past every cache, and the web server's clock as its HTTP `Date`
/// says (`None` offline, or where the header is missing). Absent (404), it still tells the time.
/// (index.html's `tuan.fresh` does the fetch: fewer bindings in the first load.)
pub async fn fetch_fresh(url: &str) -> (Option<String>, Option<Millis>) {
    let Ok(pair) = JsFuture::from(crate::store::loader::fresh(url)).await else { return (None, None) };
    let pair: js_sys::Array = pair.unchecked_into();
    (pair.get(0).as_string(), pair.get(1).as_f64().map(|t| t as Millis))
}

/// The largest photo kept: 200 KB of JPEG.
pub const MAX_PHOTO_BYTES: usize = 200 * 1024;

/// Scales a picked photo down (longest side at most 1600 px, then smaller if needed) and compresses
/// it as JPEG until it is at most [`MAX_PHOTO_BYTES`]; returns a `data:image/jpeg;base64,…` URL.
pub async fn compress_photo(file: web_sys::File) -> Result<String, JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(&file)?;
    let img = web_sys::HtmlImageElement::new()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let result = JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result?;
    let (w, h) = (f64::from(img.natural_width()), f64::from(img.natural_height()));
    if w < 1.0 || h < 1.0 {
        return Err(JsValue::NULL);
    }
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or(JsValue::NULL)?.unchecked_into();
    let mut longest = 1600.0_f64;
    loop {
        let scale = (longest / w.max(h)).min(1.0);
        let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
        canvas.set_width(cw as u32);
        canvas.set_height(ch as u32);
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, cw, ch);
        ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw, ch)?;
        for quality in [0.85, 0.7, 0.55, 0.4] {
            let data = canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(quality))?;
            // base64: 4 characters for every 3 bytes.
            let bytes = data.len().saturating_sub(data.find(',').unwrap_or(0) + 1) * 3 / 4;
            if bytes <= MAX_PHOTO_BYTES {
                return Ok(data);
            }
        }
        if longest < 400.0 {
            return Err(JsValue::NULL);
        }
        longest *= 0.75;
    }
}

/// The bytes a promise of index.html's deflate resolves to; `None` where the browser cannot.
async fn zip_bytes(promise: js_sys::Promise) -> Option<Vec<u8>> {
    let out = JsFuture::from(promise).await.ok()?;
    Some(out.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec())
}

/// deflate-raw by the browser (CompressionStream). The text goes as its UTF-8 bytes, not as a
/// JavaScript string (which would be converted to UTF-16 and back).
pub async fn deflate(text: &str) -> Option<Vec<u8>> {
    zip_bytes(super::loader::deflate(&js_sys::Uint8Array::from(text.as_bytes()))).await
}

/// The text of deflate-raw bytes (DecompressionStream); `None` when damaged, not UTF-8 or
/// unsupported. Comes back as bytes, for the same reason.
pub async fn inflate(bytes: &[u8]) -> Option<String> {
    String::from_utf8(zip_bytes(super::loader::inflate_bytes(&js_sys::Uint8Array::from(bytes), 0.0)).await?).ok()
}

/// A received payload's text, inflated by the browser only up to [`MAX_INFLATED_BYTES`]: past it
/// the inflation stops (a small payload can stand for gigabytes) and says so.
pub async fn inflate_payload(bytes: &[u8]) -> Result<String, crate::core::sync::SyncError> {
    use crate::core::sync::SyncError;
    use crate::core::sync::MAX_INFLATED_BYTES;
    let promise = super::loader::inflate_bytes(&js_sys::Uint8Array::from(bytes), MAX_INFLATED_BYTES as f64);
    let out = JsFuture::from(promise).await.map_err(|_| SyncError::BadLink)?;
    if out.as_bool() == Some(false) {
        return Err(SyncError::TooLarge { bytes: MAX_INFLATED_BYTES + 1, limit: MAX_INFLATED_BYTES });
    }
    let bytes = out.dyn_into::<js_sys::Uint8Array>().map_err(|_| SyncError::BadLink)?.to_vec();
    String::from_utf8(bytes).map_err(|_| SyncError::BadLink)
}

/// The text of a picked file.
pub async fn file_text(file: &web_sys::File) -> Result<String, JsValue> {
    JsFuture::from(file.text()).await?.as_string().ok_or(JsValue::NULL)
}

/// Reloads the page with the full build: the tab named [`crate::route::FULL_BUILD_NAME`]
/// (ARCHITECTURE.md, "Two builds"). Only called once the last change is saved. False when the
/// tab's name could not be set: reloading then would only open the member's build again.
pub fn switch_to_full_build() -> bool {
    use crate::route::FULL_BUILD_NAME;
    let Some(w) = web_sys::window() else { return false };
    if w.set_name(FULL_BUILD_NAME).is_err() || w.name().ok().as_deref() != Some(FULL_BUILD_NAME) {
        return false;
    }
    let _ = w.location().reload();
    true
}
