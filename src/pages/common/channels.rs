//! The hand-over of a sync file, where a step ends: whether it has left this phone (未发出 /
//! 已发出), and the channels, one tap each: a QR code to show in person, a link or the text to copy
//! into WeChat, a file outside WeChat. It is in the member's first load: one flat view, with the
//! QR encoder loaded only when a code is shown.

use crate::core::date::{format_day, format_minute, Millis};
use crate::core::notices::{COPY_BY_HAND, KEY_NOT_STORED};
use crate::core::sync::{fits_qr, LinkPayload, SyncFile, COMPRESS_ABOVE, MAX_LINK_PAYLOAD};
use crate::nav::absolute_link;
use crate::route::Route;
use crate::store::{browser, use_store, Store};
use crate::widgets::download::{download_bytes, in_wechat};
use crate::widgets::export::copy_textarea;
use crate::widgets::layer;
use crate::widgets::qr::qr_png;
use leptos::prelude::*;

/// 已发出 with its time, or 未发出; the app cannot know whether the other person received it.
pub fn sent_words(sent: Option<Millis>) -> String {
    match sent {
        Some(at) => format!("已发出 {}（本应用无法确认对方是否已收到）", format_minute(at)),
        None => "未发出".to_string(),
    }
}

/// The QR code and the link of `file`, with its state. (The text and the file, [`TextAndFile`],
/// are added by the full build's pages: a freshman's application goes by QR code
/// or link, and the member's first load stays without them.) `on_sent` runs when a copy leaves the
/// phone (copied, QR code shown, downloaded); `sent` is the hand-over's state as the core sees it.
#[component]
pub fn Handover(file: SyncFile, #[prop(into)] sent: Signal<Option<Millis>>, on_sent: Callback<()>) -> impl IntoView {
    let kind = file.kind;
    let from_name = file.from_name.clone();
    let store = use_store();
    // The link, once signed and compressed; empty while it is made, or when it is too long for a link.
    let link = RwSignal::new(String::new());
    let fits = RwSignal::new(false);
    let qr = RwSignal::new(String::new());
    let qr_layer = NodeRef::<leptos::html::Dialog>::new();
    let note = RwSignal::new("正在生成链接……".to_string());
    let failed = RwSignal::new(false);
    let sign = signer(
        store,
        file,
        failed,
        move || note.set(KEY_NOT_STORED.into()),
        move |json: String| async move {
            let size = json.len();
            let param = payload_of(json).await.to_param();
            if param.len() <= MAX_LINK_PAYLOAD {
                let l = absolute_link(&Route::Import { data: param });
                fits.set(fits_qr(&l));
                link.set(l);
                note.set(String::new());
            } else {
                note.set(format!("内容较多（{} KB），放不进链接或二维码：请复制文本发送，或下载文件。", size / 1024));
            }
        },
    );
    sign();
    let done = move |words: &str| {
        on_sent.run(());
        note.set(words.to_string());
    };
    let copy = move |id: &str| {
        if copy_textarea(id) {
            done("已复制：请粘贴到微信聊天，发给对方。");
        } else {
            note.set(format!("没能自动复制：{COPY_BY_HAND}"));
        }
    };
    let show_qr = move |_| {
        note.set("正在生成二维码……".into());
        leptos::task::spawn_local(async move {
            let png = qr_png(&link.get_untracked()).await;
            // The encoder loads over the network: the person may have left the page meanwhile.
            if qr.try_get_untracked().is_none() {
                return;
            }
            match png {
                Some(png) => {
                    qr.set(png);
                    layer::open(qr_layer);
                    done("请让对方用微信“扫一扫”扫描二维码（截图发给对方也可以）。");
                }
                None => note.set("无法生成二维码（网络中断？）：请复制链接发送。".into()),
            }
        });
    };
    view! {
        <div class="item handover" data-test="handover" data-kind=kind.name()>
            <div class="item-head">
                <span class="item-title">{kind.label()}</span>
                <span class="tag" class:tag-green=move || sent.get().is_some() class:tag-orange=move || sent.get().is_none()
                    data-test="handover-state">{move || sent_words(sent.get())}</span>
            </div>
            <div class="handover-channels">
                <button class="btn btn-primary" data-test="show-qr" hidden=move || !fits.get() on:click=show_qr>"显示二维码（当面扫）"</button>
                <button class="btn" data-test="copy-link" hidden=move || link.with(String::is_empty)
                    on:click=move |_| copy("handover-link")>"复制链接（发微信）"</button>
            </div>
            // Shown in person: the whole screen, as large as it allows, until closed.
            <dialog node_ref=qr_layer class="qr qr-full" data-test="sync-qr" aria-label="二维码">
                <img src=move || qr.get() alt=format!("{}二维码", kind.label())/>
                <p class="muted">"请对方用微信“扫一扫”扫描；长按二维码可保存或转发"</p>
                <button class="btn" data-test="close-qr" on:click=move |_| layer::close(qr_layer)>"关闭二维码"</button>
            </dialog>
            <p class="muted" role="status" data-test="handover-note">{move || note.get()}</p>
            <button class="btn btn-small" data-test="sign-again" hidden=move || !failed.get() on:click=move |_| sign()>"重试"</button>
            // Copied as one message: who sends what, then the link (the QR code holds the link alone).
            <textarea id="handover-link" class="readonly-box short" readonly=true data-test="sync-link" aria-label="链接"
                hidden=move || link.with(String::is_empty)
                prop:value=move || crate::core::notices::link_message(kind, &from_name, &link.get())></textarea>
        </div>
    }
}

/// 复制文本 and, outside WeChat, 下载文件 (where downloads are blocked, it is not shown): the file's
/// text, a large file's in its compressed form (a link's payload), made once for both.
#[component]
pub fn TextAndFile(file: SyncFile, on_sent: Callback<()>) -> impl IntoView {
    let store = use_store();
    // The text, once signed (and, for a large file, compressed); whether it was compressed.
    let text = RwSignal::new(None::<(String, bool)>);
    let name = format!("团员报到-{}-{}", file.kind.label(), format_day(file.written));
    let note = RwSignal::new("");
    let failed = RwSignal::new(false);
    let sign = signer(
        store,
        file,
        failed,
        move || note.set(KEY_NOT_STORED),
        move |json: String| async move {
            if json.len() > COMPRESS_ABOVE {
                text.set(Some((payload_of(json).await.to_param(), true)));
            } else {
                text.set(Some((json, false)));
            }
        },
    );
    sign();
    let copy = move |_| {
        if text.with_untracked(Option::is_none) {
            note.set("正在签名和压缩，请稍候再复制。");
        } else if copy_textarea("handover-text") {
            on_sent.run(());
            note.set("已复制：请粘贴到微信聊天，发给对方。");
        } else {
            note.set("没能自动复制：请长按文本框，全选后复制。");
        }
    };
    let download = move |_| match text.get_untracked() {
        None => note.set("正在签名和压缩，请稍候再下载。"),
        Some((t, large)) => {
            let filename = format!("{name}.{}", if large { "txt" } else { "json" });
            if download_bytes(t.as_bytes(), &filename, if large { "text/plain" } else { "application/json" }).is_ok() {
                on_sent.run(());
                note.set("文件已下载：请把它发给对方。");
            }
        }
    };
    view! {
        <div class="handover-channels">
            <button class="btn btn-small" data-test="copy-sync" on:click=copy>"复制文本"</button>
            <textarea id="handover-text" class="readonly-box short" readonly=true data-test="sync-text" aria-label="文本"
                prop:value=move || text.get().map_or_else(|| "正在准备……".into(), |(t, _)| t)></textarea>
            {(!in_wechat()).then(|| view! { <button class="btn btn-small" data-test="download-sync" on:click=download>"下载文件"</button> })}
            <p class="muted" role="status">{move || note.get()}</p>
            <button class="btn btn-small" hidden=move || !failed.get() on:click=move |_| sign()>"重试"</button>
        </div>
    }
}

/// Signs `file` (again at each call: 重试) and hands its text to `then`. Where the phone's new key
/// could not be kept (storage full) nothing unsigned goes out: `failed` is set and `on_fail` runs.
fn signer<Fut: std::future::Future<Output = ()> + 'static>(
    store: Store,
    file: SyncFile,
    failed: RwSignal<bool>,
    on_fail: impl Fn() + Copy + 'static,
    then: impl Fn(String) -> Fut + Copy + 'static,
) -> impl Fn() + Copy {
    let file = StoredValue::new(file);
    move || {
        leptos::task::spawn_local(async move {
            failed.set(false);
            match store.signed(&file.get_value()).await {
                Ok(json) => then(json).await,
                Err(_) => {
                    failed.set(true);
                    on_fail();
                }
            }
        })
    }
}

/// A file's JSON as a link carries it: deflated by the browser, or as it is where the browser
/// cannot compress.
async fn payload_of(json: String) -> LinkPayload {
    match browser::deflate(&json).await {
        Some(bytes) => LinkPayload::Deflated(bytes),
        None => LinkPayload::Plain(json),
    }
}
