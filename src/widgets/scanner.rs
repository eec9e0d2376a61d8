//! 扫码导入: the phone's camera (getUserMedia) reading QR codes one after another, as a secretary
//! takes in a class at a meeting. Each frame is decoded in the browser by jsQR (npm `jsqr`, copied into
//! `dist/` by `scripts/post-build.sh` and loaded when the camera opens, never before); each new
//! code's text goes to `on_text`, and `beep` confirms a code that was read, by a sound and a
//! vibration where the phone allows them.

use crate::widgets::download::load_script;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The decoder's file in `dist/` (scripts/post-build.sh names it after the package's version).
const QR_DECODER: &str = "jsqr-1.4.0.js";

/// How often a frame is read: often enough for a face in a queue, rarely enough for a cheap phone.
const EVERY: Duration = Duration::from_millis(200);

#[wasm_bindgen]
extern "C" {
    /// `jsQR(data, width, height, options)`: the code in an RGBA frame, or null.
    #[wasm_bindgen(js_name = jsQR)]
    fn js_qr(data: &JsValue, width: u32, height: u32, options: &JsValue) -> JsValue;
}

/// Why the camera could not be used, in words that say what to do.
fn camera_error(e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => {
            "没有相机权限：请在弹出的提示中允许使用相机（或在微信“设置 → 隐私”中打开相机权限）后重试。".into()
        }
        "NotFoundError" | "OverconstrainedError" => "这台设备没有可用的相机：请改用粘贴链接或选择文件。".into(),
        "NotReadableError" => "相机正被其他应用占用：请关闭其他用相机的应用后重试。".into(),
        _ => "无法打开相机（网页需通过 https 打开）：请改用粘贴链接或选择文件。".into(),
    }
}

/// A short sound and a vibration, where the phone allows them.
pub fn beep() {
    let _ = window().navigator().vibrate_with_duration(80);
    let Ok(ctx) = web_sys::AudioContext::new() else { return };
    let Ok(osc) = ctx.create_oscillator() else { return };
    osc.frequency().set_value(1320.0);
    let _ = osc.connect_with_audio_node(&ctx.destination());
    let now = ctx.current_time();
    let _ = osc.start_with_when(now);
    let _ = osc.stop_with_when(now + 0.09);
    // The context closes once the sound has played.
    let close = Closure::once_into_js(move || {
        let _ = ctx.close();
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(close.unchecked_ref(), 300);
}

/// The camera and its loop, while shown; `on_text` gets each code's text once.
#[component]
pub fn Scanner(on_text: Callback<String>) -> impl IntoView {
    let video = NodeRef::<leptos::html::Video>::new();
    let status = RwSignal::new("正在打开相机……".to_string());
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let last = StoredValue::new(String::new());
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").unwrap_throw().unchecked_into();
    let canvas = StoredValue::new_local(canvas);
    let read_frame = move || {
        let Some(v) = video.get_untracked() else { return };
        let (w, h) = (v.video_width(), v.video_height());
        if w == 0 || h == 0 {
            return;
        }
        let Some(ctx) = canvas.with_value(|c| {
            c.set_width(w);
            c.set_height(h);
            c.get_context("2d").ok().flatten().map(|x| x.unchecked_into::<web_sys::CanvasRenderingContext2d>())
        }) else {
            return;
        };
        if ctx.draw_image_with_html_video_element_and_dw_and_dh(&v, 0.0, 0.0, f64::from(w), f64::from(h)).is_err() {
            return;
        }
        let Ok(image) = ctx.get_image_data(0.0, 0.0, f64::from(w), f64::from(h)) else { return };
        // The pixels stay in JavaScript: a frame is never copied into the wasm.
        let Ok(data) = js_sys::Reflect::get(&image, &"data".into()) else { return };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"inversionAttempts".into(), &"dontInvert".into());
        let found = js_qr(&data, w, h, &options);
        let text = js_sys::Reflect::get(&found, &"data".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
        // The same code held in front of the camera is read once; another one, or the same after a gap, again.
        if text != last.get_value() {
            last.set_value(text.clone());
            if !text.is_empty() {
                on_text.run(text);
            }
        }
    };
    let start = async move {
        // The camera is where the person looks next.
        if let Some(v) = video.get_untracked() {
            v.scroll_into_view_with_bool(false);
        }
        if load_script(QR_DECODER).await.is_err() {
            status.set("扫码组件加载失败：请检查网络后重试，或改用粘贴链接。".into());
            return;
        }
        let Ok(devices) = window().navigator().media_devices() else {
            status.set(camera_error(&JsValue::NULL));
            return;
        };
        let constraints = web_sys::MediaStreamConstraints::new();
        let video_wanted = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into());
        constraints.set_video(&video_wanted);
        let opened = match devices.get_user_media_with_constraints(&constraints) {
            Ok(p) => JsFuture::from(p).await,
            Err(e) => Err(e),
        };
        let media: web_sys::MediaStream = match opened {
            Ok(m) => m.unchecked_into(),
            Err(e) => return status.set(camera_error(&e)),
        };
        let Some(v) = video.get_untracked() else { return };
        v.set_src_object(Some(&media));
        stream.set_value(Some(media));
        if let Ok(p) = v.play() {
            let _ = JsFuture::from(p).await;
        }
        status.set("请把二维码对准取景框，读到后会提示，接着扫下一个。".into());
        timer.set_value(set_interval_with_handle(read_frame, EVERY).ok());
    };
    leptos::task::spawn_local(start);
    on_cleanup(move || {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        stream.with_value(|s| {
            if let Some(s) = s {
                for track in s.get_tracks().iter() {
                    track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
                }
            }
        });
    });
    view! {
        <div class="scanner" data-test="scanner">
            <video node_ref=video class="scanner-video" autoplay=true muted=true playsinline=true></video>
            <p class="muted" role="status" data-test="scanner-status">{move || status.get()}</p>
        </div>
    }
}
