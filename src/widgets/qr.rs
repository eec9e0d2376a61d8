//! A QR code as an `<img>` (PNG drawn on a canvas): WeChat recognises a QR code on a long press of an
//! image, and an image can be saved and forwarded. Whether a text fits, and with which error
//! correction, is the core's rule (`core::sync::qr_level`). The encoder is the npm package qrcode-generator, which
//! `scripts/post-build.sh` copies into `dist/` under a versioned name; it is loaded the first time a
//! QR code is drawn, so it is not part of the first load.

use crate::core::sync::qr_level;
use crate::widgets::download::load_script;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The encoder's file in `dist/` (scripts/post-build.sh names it after the package's version).
const QR_ENCODER: &str = "qrcode-generator-2.0.4.js";

#[wasm_bindgen]
extern "C" {
    /// A QR code made by qrcode-generator (its global `qrcode`).
    type QrModel;
    /// `qrcode(typeNumber, errorCorrectionLevel)`: 0 picks the smallest version that holds the data.
    #[wasm_bindgen(js_name = qrcode)]
    fn qr_model(type_number: u32, error_correction: &str) -> QrModel;
    #[wasm_bindgen(method, js_name = addData)]
    fn add_data(this: &QrModel, data: &str, mode: &str);
    #[wasm_bindgen(method, catch)]
    fn make(this: &QrModel) -> Result<(), JsValue>;
    #[wasm_bindgen(method, js_name = getModuleCount)]
    fn module_count(this: &QrModel) -> u32;
    #[wasm_bindgen(method, js_name = isDark)]
    fn is_dark(this: &QrModel, row: u32, col: u32) -> bool;
}

/// Pixels per module, and the quiet zone in modules.
const SCALE: u32 = 6;
const QUIET: u32 = 4;

/// The PNG data URL of a QR code for `text` (byte mode, error correction as `core::sync::qr_level`
/// says), or None if the text does not fit, the encoder could not be loaded, or the canvas fails.
pub async fn qr_png(text: &str) -> Option<String> {
    let level = qr_level(text)?;
    load_script(QR_ENCODER).await.ok()?;
    let qr = qr_model(0, level.letter());
    qr.add_data(text, "Byte");
    qr.make().ok()?;
    let size = qr.module_count();
    let px = (size + 2 * QUIET) * SCALE;
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").ok()?.unchecked_into();
    canvas.set_width(px);
    canvas.set_height(px);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.unchecked_into();
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(px), f64::from(px));
    ctx.set_fill_style_str("#000");
    for y in 0..size {
        for x in 0..size {
            if qr.is_dark(y, x) {
                let (cx, cy) = ((x + QUIET) * SCALE, (y + QUIET) * SCALE);
                ctx.fill_rect(f64::from(cx), f64::from(cy), f64::from(SCALE), f64::from(SCALE));
            }
        }
    }
    canvas.to_data_url_with_type("image/png").ok()
}

/// The QR code image with a caption, drawn once the encoder has loaded.
#[component]
pub fn QrImage(#[prop(into)] text: String, #[prop(into)] alt: String) -> impl IntoView {
    let src = RwSignal::new(None::<Option<String>>);
    leptos::task::spawn_local(async move { src.set(Some(qr_png(&text).await)) });
    move || match src.get() {
        None => view! { <p class="muted">"正在生成二维码……"</p> }.into_any(),
        Some(Some(src)) => view! {
            <figure class="qr">
                <img src=src alt=alt.clone() data-test="qr"/>
                <figcaption class="muted">"长按二维码可保存或转发；在微信中长按可识别"</figcaption>
            </figure>
        }
        .into_any(),
        Some(None) => view! { <p class="muted">"无法生成二维码（内容过长或网络中断），请复制链接发送。"</p> }.into_any(),
    }
}
