//! A QR code as an `<img>` (PNG drawn on a canvas): WeChat recognises a QR code on a long press of an
//! image, and an image can be saved and forwarded. Holds at most about 2,900 bytes of text.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};
use wasm_bindgen::JsCast;

/// Pixels per module, and the quiet zone in modules.
const SCALE: u32 = 6;
const QUIET: u32 = 4;

/// The PNG data URL of a QR code for `text`, or None if it does not fit or the canvas fails.
pub fn qr_png(text: &str) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size() as u32;
    let px = (size + 2 * QUIET) * SCALE;
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").ok()?.unchecked_into();
    canvas.set_width(px);
    canvas.set_height(px);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.unchecked_into();
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(px), f64::from(px));
    ctx.set_fill_style_str("#000");
    for y in 0..size as i32 {
        for x in 0..size as i32 {
            if qr.get_module(x, y) {
                let (cx, cy) = ((x as u32 + QUIET) * SCALE, (y as u32 + QUIET) * SCALE);
                ctx.fill_rect(f64::from(cx), f64::from(cy), f64::from(SCALE), f64::from(SCALE));
            }
        }
    }
    canvas.to_data_url_with_type("image/png").ok()
}

/// The QR code image with a caption.
#[component]
pub fn QrImage(#[prop(into)] text: String, #[prop(into)] alt: String) -> impl IntoView {
    let src = qr_png(&text);
    view! {
        {match src {
            Some(src) => view! {
                <figure class="qr">
                    <img src=src alt=alt data-test="qr"/>
                    <figcaption class="muted">"长按二维码可保存或转发；在微信中长按可识别"</figcaption>
                </figure>
            }.into_any(),
            None => view! { <p class="muted">"内容过长，无法生成二维码，请复制链接发送。"</p> }.into_any(),
        }}
    }
}

/// Whether `text` fits a QR code that a phone still reads from another screen (version 30 at most).
pub fn qr_fits(text: &str) -> bool {
    QrCode::encode_text(text, QrCodeEcc::Medium).is_ok_and(|q| q.size() <= 137)
}
